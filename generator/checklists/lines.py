"""Reading a rendered checklist line back: id, tick, severity, state and cited claims.

The line format is written by templates/starter/templates/docs/checklist.md.j2:

    - [x] **SEC-07** (high) text [guidance](URL) — done by the generated code: WHY; satisfied by `A`; `B`. Left to the team: ...
    - [ ] **SEC-01** (high) text [guidance](URL) — partly done: WHY; evidence `A`; `B`. Left to do: ...
    - [ ] **SEC-09** (high) text [guidance](URL)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

ITEM = re.compile(r"^\s*[-*+]\s+\[(?P<tick>[ xX])\]\s+\*\*(?P<id>[A-Za-z0-9][A-Za-z0-9_.-]*)\*\*\s*(?P<rest>.*)$")
_SEVERITY = re.compile(r"^\((?P<sev>high|medium|low)\)\s*")
_LINK = re.compile(r"\[guidance\]\((?P<link>[^)\s]+)\)")
_VALUE = re.compile(r"^\s*(?P<file>[^:`]+?):\s*(?P<path>[^=`]+?)\s*=\s*(?P<value>.+?)\s*$")
_CHECK = re.compile(r"^\s*(?P<file>[^:`]+?):\s*check\s+(?P<name>[a-z-]+)(?:\s+(?P<arg>[^`]+?))?\s*$")
DONE_MARK, PARTLY_MARK = "satisfied by", "— partly done:"


@dataclass
class Claim:
    file: str
    path: str  # property path, or "" for a structural check
    value: str  # claimed value, or the check's argument
    check: str = ""  # structural check name

    @property
    def text(self) -> str:
        if self.check:
            return f"{self.file}: check {self.check}" + (f" {self.value}" if self.value else "")
        return f"{self.file}: {self.path} = {self.value}"


@dataclass
class Line:
    id: str
    ticked: bool
    severity: str
    text: str
    link: str
    marked: str  # "done", "partly" or "" as the template wrote it
    claims: list[Claim] = field(default_factory=list)
    remaining: str = ""


def claims_in(tail: str) -> list[Claim]:
    out = []
    for span in re.findall(r"`([^`]+)`", tail):
        for part in span.split("; "):  # several settings may share one pair of backticks
            m = _CHECK.match(part)
            if m:
                out.append(Claim(m["file"].strip(), "", (m["arg"] or "").strip(), m["name"]))
                continue
            m = _VALUE.match(part)
            if m:
                out.append(Claim(m["file"].strip(), m["path"].strip(), m["value"].strip()))
    return out


def parse(line: str) -> Line | None:
    m = ITEM.match(line)
    if not m:
        return None
    rest = m["rest"]
    sev = _SEVERITY.match(rest)
    link = _LINK.search(rest)
    text = rest[sev.end() if sev else 0:link.start() if link else len(rest)].strip()
    marked, claims, remaining = "", [], ""
    if PARTLY_MARK in rest:
        marked = "partly"
        tail = rest.split(PARTLY_MARK, 1)[1]
        claims = claims_in(tail.split("evidence", 1)[1] if "evidence" in tail else "")
        remaining = tail.split("Left to do:", 1)[1].strip() if "Left to do:" in tail else ""
    elif DONE_MARK in rest:
        marked = "done"
        tail = rest.split(DONE_MARK, 1)[1]
        claims = claims_in(tail.split(". Left to the team:", 1)[0])
        remaining = tail.split("Left to the team:", 1)[1].strip() if "Left to the team:" in tail else ""
    return Line(m["id"], m["tick"] != " ", sev["sev"] if sev else "", text, link["link"] if link else "",
                marked, claims, remaining)
