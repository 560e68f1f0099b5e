"""How a capture reads as one line of text: its codes and who it concerns."""

from facilitator.domain.enums import CaptureKind, SubjectRole
from facilitator.domain.snapshots import Observation


def codes_text(observation: Observation) -> str:
    """Return a capture's codes as one line: 'Power differential named (Expert)'."""
    parts = [
        code.label + (f" ({code.qualifier})" if code.qualifier else "")
        for code in observation.codes
    ]
    return "; ".join(parts) or _uncoded(observation.kind)


def _uncoded(kind: CaptureKind) -> str:
    return {
        CaptureKind.MARK: "Marked moment – to code",
        CaptureKind.CONTRIBUTION: "Spoke",
    }.get(kind, "Note")


def who_text(observation: Observation) -> str:
    """Return who a capture is about, with any direction: 'Priya Shah → Tom Reed; Whole group'."""
    names = {role: [s.name for s in observation.subjects if s.role is role] for role in SubjectRole}
    parts = []
    source, target = names[SubjectRole.FROM], names[SubjectRole.TO]
    if source or target:
        parts.append(f"{', '.join(source) or '?'} → {', '.join(target) or '?'}")
    parts.extend(names[SubjectRole.ABOUT])
    return "; ".join(parts)
