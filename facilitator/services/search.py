"""Search across everything: capture notes, narratives, conflicts, actions and agenda items.

Each kind of record has its own full-text index (see migration 0008). A search asks each
index for at most `CANDIDATES` matches, newest first, with their bm25 scores, and ranks those:
when a word is rare every match is ranked; when it is very common only the newest matches
are, so a search costs about the same however many records hold the word. Snippets are made
only for the hits shown.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from facilitator.domain.search_query import (
    HitKind,
    ProgrammeHits,
    SearchHit,
    SearchResults,
    SessionHits,
    closeness_queries,
    fts_query,
    snippet_parts,
)
from facilitator.domain.timezones import zone
from facilitator.storage.database import Database

DEFAULT_LIMIT = 100
CANDIDATES = 500  # matches ranked per index, at most
SNIPPET_WORDS = 14


@dataclass(frozen=True, slots=True)
class _Source:
    """One index: how to rank its matches and how to describe the ones shown."""

    kind: HitKind
    index: str
    weights: str  # bm25 column weights
    # Selects, for given rowids: record id, programme id, session id, capture number,
    # occurred at, session time zone and narrative section key.
    details: str


def _details(table: str, select: str, joins: str = "") -> str:
    return f"SELECT r.id, {select} FROM {table} r {joins} WHERE r.id IN ({{rowids}})"


_NO_CAPTURE = "NULL, NULL, NULL"
_IN_SESSION = "JOIN session s ON s.id = r.session_id"
SOURCES = (
    _Source(
        HitKind.CAPTURE,
        "search_capture",
        "1.0",
        _details(
            "observation",
            "r.id, s.programme_id, s.id, r.number, r.occurred_at, s.timezone, NULL",
            _IN_SESSION,
        ),
    ),
    _Source(
        HitKind.NARRATIVE,
        "search_narrative",
        "1.0",
        _details(
            "narrative_section",
            f"r.id, s.programme_id, s.id, {_NO_CAPTURE}, r.section",
            _IN_SESSION,
        ),
    ),
    _Source(
        HitKind.CONFLICT,
        "search_conflict",
        "1.0",
        _details("conflict", f"r.id, r.programme_id, r.session_id, {_NO_CAPTURE}, NULL"),
    ),
    _Source(
        HitKind.CONFLICT,
        "search_conflict_event",
        "1.0",
        _details(
            "conflict_event",
            f"c.id, c.programme_id, COALESCE(r.session_id, c.session_id), {_NO_CAPTURE}, NULL",
            "JOIN conflict c ON c.id = r.conflict_id",
        ),
    ),
    _Source(
        HitKind.ACTION,
        "search_action",
        "1.0, 0.5",
        _details("action", f"r.id, s.programme_id, s.id, {_NO_CAPTURE}, NULL", _IN_SESSION),
    ),
    _Source(
        HitKind.AGENDA_ITEM,
        "search_agenda",
        "2.0, 1.0, 1.0, 1.0",
        _details("agenda_item", f"r.id, s.programme_id, s.id, {_NO_CAPTURE}, NULL", _IN_SESSION),
    ),
)


def search(db: Database, query_text: str, *, limit: int = DEFAULT_LIMIT) -> SearchResults:
    """Find the records matching what was typed, best first, grouped by programme and session.

    Blank text, or text with no words in it, finds nothing; no text raises an error.
    """
    query = fts_query(query_text)
    if query is None or limit <= 0:
        return SearchResults(text=query_text)
    with db.reading() as session:
        ranked: list[tuple[float, _Source, int]] = []
        truncated = False
        closeness = closeness_queries(query_text)
        for source in SOURCES:
            rows = _candidates(session, source, query)
            truncated = truncated or len(rows) >= CANDIDATES
            if not rows:
                continue
            boosts: dict[int, float] = {}
            for close_query, boost in reversed(closeness):  # the phrase's boost wins
                boosts.update((rowid, boost) for rowid in _matches(session, source, close_query))
            ranked.extend((score * boosts.get(rowid, 1.0), source, rowid) for rowid, score in rows)
        ranked.sort(key=lambda found: found[0])
        truncated = truncated or len(ranked) > limit
        hits = _describe(session, query, ranked[:limit])
        return _grouped(session, query_text, hits, truncated=truncated)


def _candidates(session: Session, source: _Source, query: str) -> list[tuple[int, float]]:
    statement = text(
        f"SELECT rowid, bm25({source.index}, {source.weights}) FROM {source.index}"
        f" WHERE {source.index} MATCH :query ORDER BY rowid DESC LIMIT {CANDIDATES}"
    )
    return [(rowid, score) for rowid, score in session.execute(statement, {"query": query})]


def _matches(session: Session, source: _Source, query: str) -> list[int]:
    statement = text(
        f"SELECT rowid FROM {source.index} WHERE {source.index} MATCH :query"
        f" ORDER BY rowid DESC LIMIT {CANDIDATES}"
    )
    return list(session.scalars(statement, {"query": query}))


def _describe(
    session: Session, query: str, ranked: list[tuple[float, _Source, int]]
) -> list[SearchHit]:
    """Return the ranked matches as hits, each record once (its best match), best first."""
    by_source: dict[str, list[int]] = {}
    for _score, source, rowid in ranked:
        by_source.setdefault(source.index, []).append(rowid)
    details: dict[tuple[str, int], Any] = {}
    for source in SOURCES:
        rowids = by_source.get(source.index)
        if not rowids:
            continue
        snippets = _snippets(session, source.index, query, rowids)
        statement = text(source.details.format(rowids=", ".join(str(int(r)) for r in rowids)))
        for row in session.execute(statement):
            details[(source.index, row[0])] = (*row, snippets.get(row[0], ""))
    hits: list[SearchHit] = []
    seen: set[tuple[HitKind, int]] = set()
    for score, source, rowid in ranked:
        row = details.get((source.index, rowid))
        if row is None:
            continue
        _, record_id, programme_id, session_id, number, occurred, zone_name, section, marked = row
        if (source.kind, record_id) in seen:
            continue
        seen.add((source.kind, record_id))
        occurred_at = _moment(occurred)
        hits.append(
            SearchHit(
                kind=source.kind,
                record_id=record_id,
                programme_id=programme_id,
                session_id=session_id,
                snippet=snippet_parts(marked or ""),
                score=score,
                capture_number=number,
                occurred_at=occurred_at,
                capture_time=(
                    occurred_at.astimezone(zone(zone_name)).time().replace(microsecond=0)
                    if occurred_at is not None and zone_name
                    else None
                ),
                section=section,
            )
        )
    return hits


def _snippets(session: Session, index: str, query: str, rowids: list[int]) -> dict[int, str]:
    """Return the snippets of these matches, marked round the matched words.

    Asked for as a range of rowids, not a list: FTS5 runs the whole query again for each
    rowid in a list. The candidates are the newest matches, so the range holds no others.
    """
    statement = text(
        f"SELECT rowid, snippet({index}, -1, char(2), char(3), '…', {SNIPPET_WORDS})"
        f" FROM {index} WHERE {index} MATCH :query AND rowid BETWEEN :low AND :high"
    )
    wanted = set(rowids)
    found = session.execute(statement, {"query": query, "low": min(rowids), "high": max(rowids)})
    return {rowid: marked for rowid, marked in found if rowid in wanted}


def _moment(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _grouped(
    session: Session, query_text: str, hits: list[SearchHit], *, truncated: bool
) -> SearchResults:
    programme_titles = _titles(session, "programme", {h.programme_id for h in hits})
    session_ids = {h.session_id for h in hits if h.session_id is not None}
    sessions = _sessions(session, session_ids)
    by_programme: dict[int, dict[int | None, list[SearchHit]]] = {}
    for hit in hits:  # best first, so each group's first hit is its best
        by_programme.setdefault(hit.programme_id, {}).setdefault(hit.session_id, []).append(hit)
    programmes = []
    for programme_id, by_session in by_programme.items():
        groups = []
        for session_id, session_hits in by_session.items():
            title, when = sessions.get(session_id, ("Not in a session", None))
            groups.append(SessionHits(session_id, title, when, tuple(session_hits)))
        programmes.append(
            ProgrammeHits(programme_id, programme_titles.get(programme_id, ""), tuple(groups))
        )
    return SearchResults(text=query_text, programmes=tuple(programmes), truncated=truncated)


def _titles(session: Session, table: str, ids: Iterable[int]) -> dict[int, str]:
    wanted = ", ".join(str(int(i)) for i in ids)
    if not wanted:
        return {}
    rows = session.execute(text(f"SELECT id, title FROM {table} WHERE id IN ({wanted})"))
    return {row_id: title for row_id, title in rows}


def _sessions(session: Session, ids: Iterable[int]) -> dict[int | None, tuple[str, date | None]]:
    wanted = ", ".join(str(int(i)) for i in ids)
    if not wanted:
        return {}
    rows = session.execute(text(f"SELECT id, title, date FROM session WHERE id IN ({wanted})"))
    return {
        row_id: (
            title,
            when if isinstance(when, date) or when is None else date.fromisoformat(when),
        )
        for row_id, title, when in rows
    }
