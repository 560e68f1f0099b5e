"""Plan the coding schemes of an import: a scheme or code already here is kept as it is;
a missing one is added, with a free slug or key if its own is taken here."""

from collections import defaultdict
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.domain.bundle_records import BundleError, where
from facilitator.services.exchange_records import Record, Uuids
from facilitator.storage.tables import CodeRow, CodingSchemeRow

if TYPE_CHECKING:
    from facilitator.services.exchange_plan import Plan

Records = dict[str, dict[str, Record]]
_KEYS = "abcdefghijklmnopqrstuvwxyz0123456789"


def plan_schemes(session: Session, records: Records, uuids: Uuids, plan: "Plan") -> None:
    """Coding schemes are this laptop's settings: one already here is kept as it is (its keys
    are this facilitator's); a missing scheme or code is added, with a free key if needed."""
    slugs = set(session.scalars(select(CodingSchemeRow.slug)))
    for key, record in records["coding_schemes"].items():
        if key in uuids.known("coding_schemes"):
            plan.unchanged["coding_schemes"] += 1
            continue
        slug = _free(record["slug"], slugs)
        plan.adds["coding_schemes"][key] = {**record, "slug": slug}
        slugs.add(slug)
    taken: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for scheme_id, code_key, slug in session.execute(
        select(CodeRow.scheme_id, CodeRow.key, CodeRow.slug)
    ):
        keys, code_slugs = taken[uuids.uuid("coding_schemes", scheme_id) or ""]
        keys.add(code_key)
        code_slugs.add(slug)
    for key, record in records["codes"].items():
        if key in uuids.known("codes"):
            plan.unchanged["codes"] += 1
            continue
        keys, code_slugs = taken[record["scheme"]]
        code_key = record["key"]
        if code_key in keys:
            code_key = next((k for k in _KEYS if k not in keys), "")
            if not code_key:
                raise BundleError(f"The bundle's {where('codes', key)} has no free key left.")
        slug = _free(record["slug"], code_slugs)
        keys.add(code_key)
        code_slugs.add(slug)
        plan.adds["codes"][key] = {**record, "key": code_key, "slug": slug}


def _free(slug: str, taken: set[str]) -> str:
    if slug not in taken:
        return slug
    number = 2
    while f"{slug[:58]}-{number}" in taken:
        number += 1
    return f"{slug[:58]}-{number}"
