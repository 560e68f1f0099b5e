"""What a mutation changed, so each screen can decide whether to refresh."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Changes:
    """Flags for the kinds of data one user action touched."""

    programmes: bool = False
    sessions: bool = False
    observations: bool = False
    schemes: bool = False
    library: bool = False  # the method library and saved templates
    # Personal data was erased: no undo history may write it back.
    erased: bool = False

    def __or__(self, other: "Changes") -> "Changes":
        return Changes(
            programmes=self.programmes or other.programmes,
            sessions=self.sessions or other.sessions,
            observations=self.observations or other.observations,
            schemes=self.schemes or other.schemes,
            library=self.library or other.library,
            erased=self.erased or other.erased,
        )

    @property
    def any(self) -> bool:
        return self.programmes or self.sessions or self.observations or self.schemes or self.library


EVERYTHING = Changes(programmes=True, sessions=True, observations=True, schemes=True, library=True)
