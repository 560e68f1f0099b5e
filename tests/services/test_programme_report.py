"""The programme report: built for the sample programme, drawn as a PDF, names hidden."""

from pathlib import Path

from pypdf import PdfReader

from facilitator.cli import EXIT_OK
from facilitator.domain.enums import NamesMode
from facilitator.domain.fields import ProgrammeFields
from facilitator.domain.programme_report import Evaluation
from facilitator.reports.programme_report import NO_SURVEY, render_programme_report
from facilitator.services.programme_report import (
    programme_report,
    write_programme_report_file,
)
from facilitator.services.programmes import create_programme, list_programmes, programme_detail
from tests.test_cli import run

SECTIONS = (
    "Contents",
    "Overview",
    "Modules and attendance",
    "Module summaries",
    "Pattern trends",
    "Conflict journey",
    "Evaluation results",
)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def sample_id(store) -> int:
    return list_programmes(store)[0].id


def test_report_holds_modules_attendance_trends_and_conflicts(store) -> None:
    """The sample's Day one shows 15 of 16 attending, its trend, and the three conflicts."""
    report = programme_report(store, sample_id(store))
    lines = [line for module in report.modules for line in module.sessions]
    day_one = next(line for line in lines if line.title == "Day one")
    assert day_one.attendance_text == "15 of 16"
    assert any(module.summaries for module in report.modules)
    assert any(trend.title == "Day one" and trend.hours for trend in report.trends)
    assert len(report.conflicts) == 3
    assert report.names is NamesMode.PSEUDONYM


def test_pdf_has_every_section_and_figure(store, tmp_path: Path) -> None:
    """The PDF lists each section, Day one's attendance, the trend measures and the conflicts."""
    out = tmp_path / "programme.pdf"
    write_programme_report_file(store, sample_id(store), out, names=NamesMode.PSEUDONYM)
    text = pdf_text(out)
    for section in SECTIONS:
        assert section in text
    assert "15 of 16" in text
    for measure in ("Stuck or entrenched", "Exploring others' views", "min per hour"):
        assert measure in text
    report = programme_report(store, sample_id(store))
    for journey in report.conflicts:
        assert journey.title in text
    reader = PdfReader(out)
    assert reader.metadata.title == f"Programme report: {report.programme}"
    assert "Page 3 of" in text
    assert "Programme report" in text


def test_pseudonymised_pdf_names_nobody(store, tmp_path: Path) -> None:
    """By default no participant's full name is in the PDF's text or metadata."""
    programme_id = sample_id(store)
    out = tmp_path / "programme.pdf"
    write_programme_report_file(store, programme_id, out, names=NamesMode.PSEUDONYM)
    text = pdf_text(out)
    metadata = " ".join(str(value) for value in PdfReader(out).metadata.values())
    names = [person.name for person in programme_detail(store, programme_id).participants]
    assert names
    for name in names:
        assert name not in text
        assert name not in metadata


def test_evaluation_shows_every_n(store, tmp_path: Path) -> None:
    """Survey results, when there are any, print each figure with its n."""
    report = programme_report(store, sample_id(store))
    out = tmp_path / "programme.pdf"
    write_programme_report_file(store, sample_id(store), out, names=NamesMode.PSEUDONYM)
    printed = pdf_text(out)
    if report.evaluation.empty:
        assert NO_SURVEY in printed
    else:
        for result in report.evaluation.results:
            for point in result.points:
                assert f"{point.agree_text} (n = {point.n})" in printed


def test_no_survey_says_so(store, tmp_path: Path) -> None:
    """A report without survey responses says none were recorded."""
    from dataclasses import replace

    report = replace(programme_report(store, sample_id(store)), evaluation=Evaluation())
    out = tmp_path / "report.pdf"
    out.write_bytes(render_programme_report(report))
    assert NO_SURVEY in pdf_text(out)


def test_empty_programme_gives_a_valid_pdf(store, tmp_path: Path) -> None:
    """A programme with no modules, sessions, people or surveys still prints every section."""
    programme_id, _ = create_programme(store, ProgrammeFields(title="Empty cohort"))
    out = tmp_path / "empty.pdf"
    write_programme_report_file(store, programme_id, out, names=NamesMode.PSEUDONYM)
    text = pdf_text(out)
    for section in SECTIONS:
        assert section in text
    assert NO_SURVEY in text
    assert PdfReader(out).metadata.title == "Programme report: Empty cohort"


def test_cli_writes_the_programme_report(capsys, data_dir: Path, tmp_path: Path) -> None:
    """`facilitator programme-report ID --out FILE.pdf` writes the PDF, pseudonymised."""
    from facilitator.services.store import open_store
    from tests.conftest import TODAY

    db = open_store(data_dir, today=TODAY)
    try:
        programme_id = sample_id(db)
    finally:
        db.close()
    out = tmp_path / "programme.pdf"
    code, printed, err = run(
        capsys,
        "--data-dir",
        str(data_dir),
        "programme-report",
        str(programme_id),
        "--out",
        str(out),
    )
    assert (code, err) == (EXIT_OK, "")
    assert printed.strip() == f"Wrote {out} (pseudonyms)"
    assert "Conflict journey" in pdf_text(out)


def test_cli_refuses_an_unknown_programme(capsys, data_dir: Path, tmp_path: Path) -> None:
    """An id that is no programme gets one calm line, and no file."""
    out = tmp_path / "programme.pdf"
    code, _printed, err = run(
        capsys, "--data-dir", str(data_dir), "programme-report", "9999", "--out", str(out)
    )
    assert code != EXIT_OK
    assert err.startswith("facilitator: there is no programme 9999")
    assert not out.exists()
