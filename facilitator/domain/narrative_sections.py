"""The parts of a session's written narrative, in the order the report prints them."""

from dataclasses import dataclass

# A section may be long, but not so long that one paste can swamp the file.
NARRATIVE_TEXT = 60_000


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    prompt: str  # what the editor suggests writing, while the section is empty
    factor: int | None = None  # 1–5 for the themes by the five factors


SECTIONS: tuple[Section, ...] = (
    Section("summary", "Summary", "The day in a few sentences, for a busy reader."),
    Section("observed", "What we observed", "What happened, with citations such as [#12]."),
    Section(
        "factor-1",
        "Develop a shared purpose and vision",
        "Difficult truths faced, or a polite illusion of a cohesive team?",
        factor=1,
    ),
    Section(
        "factor-2",
        "Have frequent personal contact",
        "Time together beyond business items; who met whom.",
        factor=2,
    ),
    Section(
        "factor-3",
        "Surface and resolve conflicts",
        "Conflicts surfaced, worked through, avoided or parked.",
        factor=3,
    ),
    Section(
        "factor-4",
        "Behave altruistically towards each other",
        "“How can I help?” rather than win-lose.",
        factor=4,
    ),
    Section(
        "factor-5",
        "Commit to working together for the longer term",
        "Signs of commitment, cynicism or “being done to”.",
        factor=5,
    ),
    Section("recommendations", "Recommendations", "What the group might do differently."),
    Section("next-steps", "Next steps", "What happens next, who does it and by when."),
)
SECTION_KEYS = frozenset(section.key for section in SECTIONS)
THEMES_TITLE = "Themes by the five factors"
