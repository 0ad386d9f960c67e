"""What `archkit validate` reports: located findings plus notes on the tools it ran."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

ERROR, WARNING = "error", "warning"
NOT_CHECKED = "not-checked"  # a construct no parser could read: its checks did not run
CHECK_NOT_RUN = "check-not-run"  # --strict: a check that could not run, as a finding


@dataclass(frozen=True, order=True)
class Finding:
    """One located problem; ``file`` is relative to the repository being validated."""

    file: str
    line: int
    rule: str
    severity: str
    message: str

    def __str__(self) -> str:
        text = self.message if self.severity == ERROR else f"warning: {self.message}"
        return f"{self.file}:{self.line}: {self.rule}: {text}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "rule": self.rule,
                "severity": self.severity, "message": self.message}


def error(file: str, line: int | None, rule: str, message: str) -> Finding:
    return Finding(file, max(int(line or 1), 1), rule, ERROR, message)


def warning(file: str, line: int | None, rule: str, message: str) -> Finding:
    return Finding(file, max(int(line or 1), 1), rule, WARNING, message)


@dataclass
class Report:
    root: Path
    findings: list[Finding] = field(default_factory=list)
    tools_used: list[str] = field(default_factory=list)
    tools_skipped: list[str] = field(default_factory=list)  # human notes: what was not checked and why
    oracles: Path | None = None
    not_asked: set[str] = field(default_factory=set)  # notes on checks nobody asked for (--scan not given)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def exit_code(self) -> int:
        # Warnings alone leave a repository "clean": CI should not fail on advice.
        return 1 if self.errors else 0

    def skip(self, note: str, asked: bool = True) -> None:
        """Note a check that did not run; ``asked=False`` when it runs only on request."""
        if note not in self.tools_skipped:
            self.tools_skipped.append(note)
        if not asked:
            self.not_asked.add(note)

    def enforce(self) -> None:
        """--strict: every check that could not run becomes an error (one per check), and so
        does every construct no parser could read."""
        self.findings = [replace(f, severity=ERROR) if f.rule == NOT_CHECKED else f for f in self.findings]
        for note in self.tools_skipped:
            if note not in self.not_asked:
                self.findings.append(error("infra", 1, CHECK_NOT_RUN, f"{note} (--strict requires every check to run)"))

    def use(self, tool: str) -> None:
        if tool not in self.tools_used:
            self.tools_used.append(tool)

    def sort(self) -> None:
        self.findings = sorted(set(self.findings))

    def as_dict(self) -> dict:
        return {"root": str(self.root), "oracles": str(self.oracles) if self.oracles else None,
                "errors": len(self.errors), "warnings": len(self.warnings),
                "findings": [f.as_dict() for f in self.findings],
                "tools_used": self.tools_used, "tools_skipped": self.tools_skipped}
