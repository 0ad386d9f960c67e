"""A kit's naming convention, as the parts generator.render.naming renders three ways.

The convention turns a pattern such as ``{prefix}{abbr}-{workload}-{env}-{suffix}`` into
the same ``(kind, value)`` parts list that naming.py uses for its built-in styles, so the
Python name (checked against Azure's rules), the Bicep expression and the Terraform
expression still come from one source and cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DEFAULT_PATTERN = "{prefix}{abbr}-{workload}-{env}-{suffix}{postfix}"
TOKENS = ("prefix", "abbr", "workload", "env", "suffix", "postfix")
REQUIRED_TOKENS = ("abbr", "workload", "env", "suffix")
_TOKEN = re.compile(r"\{([a-z]+)\}")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]")


def split_pattern(pattern: str) -> list[tuple[str, str]]:
    """[("lit", text) | ("tok", name)] in order."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _TOKEN.finditer(pattern):
        if m.start() > pos:
            out.append(("lit", pattern[pos:m.start()]))
        out.append(("tok", m.group(1)))
        pos = m.end()
    if pos < len(pattern):
        out.append(("lit", pattern[pos:]))
    return out


def pattern_problems(pattern: str, prefix: str = "", postfix: str = "") -> list[str]:
    problems = []
    parts = split_pattern(pattern)
    names = [v for k, v in parts if k == "tok"]
    for name in names:
        if name not in TOKENS:
            problems.append(f"unknown token {{{name}}}; use {', '.join('{' + t + '}' for t in TOKENS)}")
    for name in REQUIRED_TOKENS:
        if name not in names:
            problems.append(f"the pattern needs {{{name}}}" + (
                " (names must differ per resource type and stay globally unique)" if name in ("abbr", "suffix") else ""))
        elif names.count(name) > 1:
            problems.append(f"{{{name}}} appears more than once")
    for k, v in parts:
        if k == "lit" and ("{" in v or "}" in v):
            problems.append(f"stray brace in {v!r}")
    if prefix and "prefix" not in names:
        problems.append("naming.prefix is set but the pattern has no {prefix}")
    if postfix and "postfix" not in names:
        problems.append("naming.postfix is set but the pattern has no {postfix}")
    return problems


@dataclass(frozen=True)
class Convention:
    """Duck-typed by generator.render.naming: ``parts(style, abbr)`` and ``abbreviations``."""

    pattern: str = DEFAULT_PATTERN
    prefix: str = ""
    postfix: str = ""
    separator: str = "-"
    lowercase: bool = True
    abbreviations: dict = field(default_factory=dict, hash=False, compare=True)

    def _const(self, text: str, compact: bool) -> str:
        if self.lowercase:
            text = text.lower()
        return _NOT_ALNUM.sub("", text) if compact else text

    def parts(self, style: str, abbr: str) -> list[tuple[str, str | None]]:
        compact = style == "compact"
        out: list[tuple[str, str | None]] = []

        def lit(text: str) -> None:
            if not text:
                return
            if out and out[-1][0] == "lit":
                out[-1] = ("lit", out[-1][1] + text)
            else:
                out.append(("lit", text))

        for kind, value in split_pattern(self.pattern):
            if kind == "lit":
                text = value if compact else value.replace("-", self.separator)
                lit(self._const(text, compact))
            elif value == "prefix":
                lit(self._const(self.prefix, compact))
            elif value == "postfix":
                lit(self._const(self.postfix, compact))
            elif value == "abbr":
                lit(self._const(abbr, compact))
            elif value == "workload":
                out.append(("workload_compact" if compact else "workload", None))
            elif value in ("env", "suffix"):
                out.append((value, None))
        return out

    def describe(self) -> str:
        return self.pattern.replace("{prefix}", self.prefix).replace("{postfix}", self.postfix)
