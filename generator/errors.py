"""One exception hierarchy; the CLI turns it into exit codes in one place."""

from __future__ import annotations


# "did you mean" only above this similarity (difflib ratio): 'nope' is 0.5 from 'genaiops'.
SIMILAR = 0.6


class ArchkitError(Exception):
    """Base of every error archkit reports to a user.

    ``message`` names the file, field or id at fault; ``hint`` says what to do.
    """

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message}\n  hint: {self.hint}"


class UsageError(ArchkitError):
    """Bad options or arguments on the command line."""


class InputError(ArchkitError, ValueError):
    """A value the user supplied (name, region, answers file, --set) is invalid."""


class CatalogError(ArchkitError):
    """The catalog (ours or a copy being edited) is malformed."""

    def __init__(self, problems: list["Problem"], hint: str | None = None):
        self.problems = problems
        text = "\n".join(str(p) for p in problems)
        super().__init__(text, hint)


class UnknownIdError(ArchkitError, KeyError):
    """An architecture or component id that the catalog does not have."""

    def __init__(self, kind: str, value: str, known: list[str]):
        import difflib

        close = difflib.get_close_matches(value, known, n=3, cutoff=SIMILAR)
        message = f"unknown {kind} id {value!r}" if value else f"empty {kind} id"
        hint = (
            f"did you mean {', '.join(close)}?"
            if close
            else "run `archkit list` to see the ids"
        )
        super().__init__(message, hint)
        self.value = value
        self.suggestions = close


class TargetError(ArchkitError, OSError):
    """The output target cannot be written safely."""


class RenderError(ArchkitError):
    """A template failed to render; nothing was written."""


class KitError(ArchkitError):
    """A platform-team kit is malformed or would execute code without --trust."""


class UpdateError(ArchkitError):
    """A generated repository cannot be updated as it stands."""


class Problem:
    """A located problem in a data file: ``file:line: field: message``."""

    __slots__ = ("file", "line", "field", "message")

    def __init__(self, file: str, line: int | None, field: str, message: str):
        self.file, self.line, self.field, self.message = file, line, field, message

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field or '(top)'}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "field": self.field, "message": self.message}


class Interrupted(ArchkitError):
    """Ctrl-C or SIGTERM: the command stopped and says what state it left (exit 130 for both signals)."""

    exit_code = 130
