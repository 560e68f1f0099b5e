"""How far two co-facilitators who captured the same session agree, per agenda item.

The method, plainly:

1. The session runs from the earliest agenda start to the latest agenda end. It is cut into
   time slices of ``slice_seconds`` (60 by default); a last, shorter slice still counts.
2. For each of the two authors, each slice gets one categorical label: the code that author
   applied most often in that slice (only codes of ``scheme_slug`` when one is given), or
   "none" when they applied no code there. A tie goes to the tied code applied first.
   Captures outside the agenda's span are left out; a capture's slice comes from its offset
   alone, not from the agenda item it was filed under.
3. A slice belongs to the agenda item whose time span contains the slice's start. Slices in
   gaps between items count towards the whole session only.
4. Per item and for the whole session: percent agreement is the share of slices where both
   authors gave the same label, and Cohen's kappa is (po - pe) / (1 - pe), where po is that
   share and pe is the agreement expected by chance from each author's own label frequencies.
   When pe is 1 (both used the same single label throughout, "none" included) kappa is not
   defined and is given as None.

Slices with no captures from either author count as "none" for both, so they agree. The
figures describe; they carry no thresholds and no verdicts.
"""

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from math import ceil

from facilitator.domain.snapshots import Observation

WHOLE_SESSION = "Whole session"
NONE_LABEL = "none"

type AgendaSpan = tuple[int, str, float, float]
type Label = int | str  # a code id, or NONE_LABEL


@dataclass(frozen=True, slots=True)
class ItemAgreement:
    """How far two authors agree over the slices of one agenda item or the whole session."""

    item_id: int | None  # None for the whole session
    title: str
    slices: int
    percent_agreement: float | None  # 0-100; None when there are no slices
    kappa: float | None  # None when there are no slices or kappa is not defined
    slice_seconds: float = 60


def authors_of(observations: Iterable[Observation]) -> tuple[str, ...]:
    """Return the distinct non-empty authors, most captures first, then by name."""
    counts = Counter(obs.author for obs in observations if obs.author.strip())
    return tuple(sorted(counts, key=lambda author: (-counts[author], author)))


def agreement(
    observations: Iterable[Observation],
    *,
    authors: tuple[str, str],
    agenda: Sequence[AgendaSpan],
    slice_seconds: float = 60,
    scheme_slug: str | None = None,
) -> tuple[ItemAgreement, ...]:
    """Return agreement per agenda item, in agenda order, then for the whole session.

    Raise ValueError when the two authors are the same, either made no captures at all, or
    the slice length is not positive.
    """
    if slice_seconds <= 0:
        raise ValueError("The slice length must be more than 0 seconds.")
    first, second = authors
    if first == second:
        raise ValueError("Choose two different authors to compare.")
    observations = list(observations)
    present = set(authors_of(observations))
    missing = [author for author in authors if author not in present]
    if missing:
        raise ValueError(f"No captures by {', '.join(repr(a) for a in missing)} in this session.")

    spans = [(start, end) for _, _, start, end in agenda if end > start]
    origin = min((start for start, _ in spans), default=0.0)
    finish = max((end for _, end in spans), default=0.0)
    count = ceil((finish - origin) / slice_seconds) if spans else 0
    starts = [origin + index * slice_seconds for index in range(count)]
    labels_a = _labels(observations, first, origin, slice_seconds, count, scheme_slug)
    labels_b = _labels(observations, second, origin, slice_seconds, count, scheme_slug)

    def measure(item_id: int | None, title: str, indices: list[int]) -> ItemAgreement:
        pairs = [(labels_a[index], labels_b[index]) for index in indices]
        percent, kappa = _percent_and_kappa(pairs)
        return ItemAgreement(item_id, title, len(pairs), percent, kappa, slice_seconds)

    rows = [
        measure(item_id, title, [i for i, s in enumerate(starts) if start <= s < end])
        for item_id, title, start, end in agenda
    ]
    rows.append(measure(None, WHOLE_SESSION, list(range(count))))
    return tuple(rows)


def describe(item: ItemAgreement) -> str:
    """Return one plain sentence giving an item's agreement and kappa."""
    if not item.slices or item.percent_agreement is None:
        return f"{item.title}: no time slices to compare"
    unit = _slice_name(item.slice_seconds)
    noun = "slice" if item.slices == 1 else "slices"
    text = f"{item.title}: {item.percent_agreement:.0f}% agreement over {item.slices} {unit} {noun}"
    if item.kappa is None:
        return f"{text}, kappa not defined: both coders used one label throughout"
    return f"{text}, kappa {item.kappa:.2f}"


def _labels(
    observations: list[Observation],
    author: str,
    origin: float,
    slice_seconds: float,
    count: int,
    scheme_slug: str | None,
) -> list[Label]:
    """Return the author's label for each slice: their most frequent code, or "none"."""
    tallies: list[Counter[int]] = [Counter() for _ in range(count)]
    first_seen: list[dict[int, int]] = [{} for _ in range(count)]
    ordered = sorted(
        (obs for obs in observations if obs.author == author),
        key=lambda obs: (obs.offset_seconds, obs.id),
    )
    for obs in ordered:
        index = int((obs.offset_seconds - origin) // slice_seconds)
        if not 0 <= index < count:
            continue
        for applied in obs.codes:
            if scheme_slug is not None and applied.scheme_slug != scheme_slug:
                continue
            tallies[index][applied.code_id] += 1
            first_seen[index].setdefault(applied.code_id, len(first_seen[index]))
    return [
        min(tally, key=lambda code: (-tally[code], seen[code])) if tally else NONE_LABEL
        for tally, seen in zip(tallies, first_seen, strict=True)
    ]


def _percent_and_kappa(pairs: list[tuple[Label, Label]]) -> tuple[float | None, float | None]:
    """Return percent agreement and Cohen's kappa for paired labels, exactly from counts."""
    n = len(pairs)
    if not n:
        return None, None
    agreed = sum(1 for a, b in pairs if a == b)
    counts_a = Counter(a for a, _ in pairs)
    counts_b = Counter(b for _, b in pairs)
    chance = sum(counts_a[label] * counts_b[label] for label in counts_a)  # pe * n * n
    percent = 100 * agreed / n
    if chance == n * n:
        return percent, None
    return percent, (n * agreed - chance) / (n * n - chance)


def _slice_name(seconds: float) -> str:
    """Return a slice length as words, such as "one-minute" or "30-second"."""
    if seconds == 60:
        return "one-minute"
    if seconds % 60 == 0:
        return f"{seconds // 60:g}-minute"
    return f"{seconds:g}-second"
