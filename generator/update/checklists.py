"""Checklist state across an update: ticks are keyed by item id, not by line.

A checklist line looks like ``- [x] **SEC-07** (high) text ...``. Ticking a box changes a
line, and a template change to the same (or the next) line would make git report a
conflict that is not one. So checklist files are merged with the tick marks taken out
(the text merges three ways as any file does), and the ticks are put back per id:
the user's choice wins where they changed it, the template's otherwise. Items the
catalog no longer has are kept where the user had them and marked retired.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field

CHECKLIST_DIR = "docs/checklists/"
RETIRED = " _(retired from the catalog)_"
ITEM = re.compile(r"^(?P<pre>\s*[-*+]\s+\[)(?P<tick>[ xX])(?P<post>\]\s+\*\*(?P<id>[A-Za-z0-9][A-Za-z0-9_.-]*)\*\*)")
MARKERS = ("<<<<<<< ", "=======", ">>>>>>> ", "||||||| ")


def is_checklist(path: str) -> bool:
    return path.startswith(CHECKLIST_DIR) and path.endswith(".md") and "/" not in path[len(CHECKLIST_DIR):]


def item_id(line: str) -> str | None:
    m = ITEM.match(line)
    return m.group("id") if m else None


def ticks(text: str) -> dict[str, bool]:
    """id -> ticked, for item lines outside conflict blocks (first occurrence wins)."""
    out: dict[str, bool] = {}
    inside = False
    for line in text.splitlines():
        if line.startswith("<<<<<<< "):
            inside = True
        elif line.startswith(">>>>>>> "):
            inside = False
        elif not inside:
            m = ITEM.match(line)
            if m and m.group("id") not in out:
                out[m.group("id")] = m.group("tick") != " "
    return out


def set_tick(line: str, ticked: bool) -> str:
    m = ITEM.match(line)
    if not m:
        return line
    return line[:m.start("tick")] + ("x" if ticked else " ") + line[m.end("tick"):]


def neutral(text: str) -> str:
    """The same text with every box unticked: what the three-way text merge sees."""
    return "".join(set_tick(line, False) if ITEM.match(line) else line for line in text.splitlines(keepends=True))


@dataclass
class TickState:
    """The tick of every id in base, ours (the user's tree) and theirs (the new render)."""

    base: dict[str, bool] = field(default_factory=dict)
    ours: dict[str, bool] = field(default_factory=dict)
    theirs: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def of(cls, base: dict[str, str], ours: dict[str, str], theirs: dict[str, str]) -> "TickState":
        def collect(files):
            out: dict[str, bool] = {}
            for _, t in sorted(files.items()):
                for k, v in ticks(t).items():
                    out.setdefault(k, v)
            return out

        return cls(collect(base), collect(ours), collect(theirs))

    def user_changed(self, item: str) -> bool:
        return item in self.ours and (item not in self.base or self.ours[item] != self.base[item])

    def resolved(self, item: str) -> bool:
        if item in self.ours and item in self.base and self.ours[item] != self.base[item]:
            return self.ours[item]  # the user ticked or unticked it: their choice wins
        if item in self.ours and item not in self.base:
            return self.ours[item] or self.theirs.get(item, False)
        if item in self.theirs:
            return self.theirs[item]
        return self.ours.get(item, False)

    def retired(self) -> set[str]:
        """Items the user has that the previous render had and the new render no longer has."""
        return {i for i in self.ours if i in self.base and i not in self.theirs}

    def kept_ticks(self) -> list[str]:
        return sorted(i for i, v in self.ours.items() if v and self.user_changed(i))


def apply_ticks(text: str, state: TickState) -> str:
    lines = text.splitlines(keepends=True)
    for n, line in enumerate(lines):
        i = item_id(line)
        if i is not None:
            lines[n] = set_tick(line, state.resolved(i))
    return "".join(lines)


def merge_text(ours: str, base: str, theirs: str, labels=("HEAD", "base", "archkit/pristine"),
               scratch=None) -> tuple[str, int]:
    """A three-way text merge by `git merge-file`: (merged text, number of conflicts).

    ``scratch`` holds the three temporary inputs (the repository's `.git/archkit-tmp/`).
    """
    paths = []
    try:
        for name, t in (("ours", ours), ("base", base), ("theirs", theirs)):
            fd, p = tempfile.mkstemp(prefix=f"archkit-{name}-", dir=scratch)
            with os.fdopen(fd, "wb") as fh:
                fh.write(t.encode("utf-8"))
            paths.append(p)
        proc = subprocess.run(["git", "merge-file", "-p", "-L", labels[0], "-L", labels[1], "-L", labels[2], *paths],
                              capture_output=True)
    finally:
        for p in paths:
            os.unlink(p)
    if proc.returncode < 0 or proc.returncode >= 128:
        raise RuntimeError(f"git merge-file failed: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout.decode("utf-8"), proc.returncode


def merge_checklist(base: str, ours: str, theirs: str, state: TickState,
                    labels=("HEAD", "base", "archkit/pristine"), scratch=None) -> tuple[str, int, list[str]]:
    """Merge one checklist file tick-aware: (text, conflicts, ids re-added as retired)."""
    merged, conflicts = merge_text(neutral(ours), neutral(base), neutral(theirs), labels, scratch)
    merged = apply_ticks(merged, state)
    merged, retired = keep_retired(merged, ours, state)
    return merged, conflicts, retired


def keep_retired(merged: str, ours: str, state: TickState) -> tuple[str, list[str]]:
    """Put back, marked retired, the user's items that the new render dropped."""
    retired = state.retired()
    present = {item_id(line) for line in merged.splitlines()} - {None}
    out = merged.splitlines(keepends=True)
    if out and not out[-1].endswith("\n"):
        out[-1] += "\n"
    added: list[str] = []
    previous: str | None = None  # the nearest preceding item of the user's file still present
    for line in ours.splitlines():
        i = item_id(line)
        if i is None:
            continue
        if i in retired and i not in present:
            new = line.rstrip() + ("" if line.rstrip().endswith(RETIRED.strip()) else RETIRED) + "\n"
            at = _after(out, previous)
            out.insert(at, new)
            present.add(i)
            added.append(i)
            previous = i
        elif i in present:
            previous = i
    return "".join(out), added


def _after(lines: list[str], item: str | None) -> int:
    """Index just after ``item``'s line (and any retired lines following it), else after the last item."""
    idx = None
    if item is not None:
        for n, line in enumerate(lines):
            if item_id(line) == item:
                idx = n + 1
                break
    if idx is None:
        items = [n for n, line in enumerate(lines) if item_id(line) is not None]
        if item is None and items:
            return items[0]
        idx = (items[-1] + 1) if items else len(lines)
    return idx


def mark_all_retired(text: str, state: TickState) -> tuple[str, list[str]]:
    """A checklist file the new render no longer has, kept because the user edited it."""
    out, marked = [], []
    for line in text.splitlines(keepends=True):
        i = item_id(line)
        if i is not None and i in state.retired() and RETIRED.strip() not in line:
            body = line.rstrip("\r\n")
            line = body + RETIRED + line[len(body):]
            marked.append(i)
        out.append(line)
    return "".join(out), marked
