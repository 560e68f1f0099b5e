"""`facilitator report` and `facilitator export-csv`: files written, names hidden, cells safe."""

import csv
import io
from pathlib import Path

import pytest

from facilitator.cli import EXIT_BAD_INPUT, EXIT_OK
from facilitator.services.capture_export import neutralise
from facilitator.services.programmes import list_programmes, session_detail
from facilitator.services.store import open_store
from facilitator.storage.tables import ObservationRow
from tests.conftest import TODAY
from tests.test_cli import assert_calm_refusal, run

HOSTILE_CELLS = ['=HYPERLINK("http://x")', "+1+1", "-2", "@SUM(A1)", "\tTab", "plain"]


def day_one(data_dir: Path) -> tuple[int, list[str]]:
    """Return Day one's id and the cohort's names."""
    db = open_store(data_dir, today=TODAY)
    try:
        session_id = list_programmes(db)[0].modules[2].sessions[0].id
        return session_id, [p.name for p in session_detail(db, session_id).cohort]
    finally:
        db.close()


def set_first_notes(data_dir: Path, session_id: int, notes: list[str]) -> None:
    db = open_store(data_dir, today=TODAY)
    try:
        with db.transaction() as session:
            rows = (
                session.query(ObservationRow)
                .filter_by(session_id=session_id)
                .order_by(ObservationRow.number)
                .limit(len(notes))
            )
            for row, note in zip(rows, notes, strict=True):
                row.note = note
    finally:
        db.close()


def read_csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte-order mark, so Excel reads accents"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("cell", "safe"),
    [("=1+1", "'=1+1"), ("+44 7700", "'+44 7700"), ("-", "'-"), ("@x", "'@x"), ("ok", "ok")],
)
def test_neutralise(cell: str, safe: str) -> None:
    """A cell a spreadsheet would read as a formula gets a leading apostrophe; others stay."""
    assert neutralise(cell) == safe


def test_export_csv_writes_every_capture_with_formulas_neutralised(
    capsys, data_dir: Path, tmp_path: Path
) -> None:
    """One row per capture; formula-like cells are neutralised; real names only on request."""
    session_id, names = day_one(data_dir)
    set_first_notes(data_dir, session_id, HOSTILE_CELLS)
    out = tmp_path / "captures.csv"
    code, printed, err = run(
        capsys, "--data-dir", str(data_dir), "export-csv", str(session_id), "--out", str(out)
    )
    assert (code, err) == (EXIT_OK, "")
    assert printed.strip() == f"Wrote 83 capture(s) to {out}"
    rows = read_csv(out)
    assert rows[0][:3] == ["Number", "Date", "Time"] and len(rows) == 84
    notes = [row[rows[0].index("Note")] for row in rows[1:7]]
    assert notes == ["'" + n if n[0] in "=+-@\t" else n for n in HOSTILE_CELLS]
    every_cell = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in every_cell)
    text = out.read_text(encoding="utf-8-sig")
    assert not any(name in text for name in names), "pseudonyms by default"

    real = tmp_path / "real.csv"
    run(
        capsys,
        "--data-dir",
        str(data_dir),
        "export-csv",
        str(session_id),
        "--out",
        str(real),
        "--names",
        "real",
    )
    assert "Imran Siddiqui" in real.read_text(encoding="utf-8-sig")


def test_report_writes_a_pdf_without_names(capsys, data_dir: Path, tmp_path: Path) -> None:
    """`report ID --out F.pdf` writes a PDF with pseudonyms by default and says what it did."""
    from pypdf import PdfReader

    session_id, names = day_one(data_dir)
    out = tmp_path / "day one.pdf"
    code, printed, err = run(
        capsys, "--data-dir", str(data_dir), "report", str(session_id), "--out", str(out)
    )
    assert (code, err) == (EXIT_OK, "")
    assert printed.startswith(f"Wrote {out} (pseudonyms)")
    assert "Replaced" in printed
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    for name in names:
        assert name not in text and name not in metadata
    assert "Participant A" in text


@pytest.mark.parametrize(
    ("command", "arguments", "message"),
    [
        ("report", ["999999", "--out", "x.pdf"], "there is no session 999999"),
        ("report", ["1", "--out", "x.txt"], "must end in .pdf"),
        ("report", ["1", "--out", "no such folder/x.pdf"], "could not write"),
        ("export-csv", ["1", "--out", "x.pdf"], "must end in .csv"),
        ("export-csv", ["1", "--out", "no such folder/x.csv"], "could not write"),
        ("report", ["1", "--out", "x.pdf", "--names", "nicknames"], "invalid choice"),
    ],
)
def test_exports_refuse_calmly(
    capsys, data_dir: Path, tmp_path: Path, monkeypatch, command: str, arguments, message: str
) -> None:
    """A bad session, file name, folder or names choice exits 2 with one sentence."""
    monkeypatch.chdir(tmp_path)
    try:
        code, _out, err = run(capsys, "--data-dir", str(data_dir), command, *arguments)
    except SystemExit as exit_:  # argparse refuses a bad choice itself
        code, err = exit_.code, capsys.readouterr().err
        assert message in err
        assert code == EXIT_BAD_INPUT
        return
    assert code == EXIT_BAD_INPUT
    assert_calm_refusal(err)
    assert message in err
    assert list(tmp_path.iterdir()) == [] or not any(
        path.suffix in {".pdf", ".csv", ".tmp"} for path in tmp_path.iterdir()
    )
