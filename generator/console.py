"""All terminal output goes through here (plain text, or JSON for machines)."""

from __future__ import annotations

import sys
from typing import Any, Iterable, Sequence


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def error(message: str, hint: str | None = None) -> None:
    err(f"error: {message}")
    if hint:
        err(f"  hint: {hint}")


def warn(text: str) -> None:
    err(f"warning: {text}")


def emit_json(data: Any) -> None:
    import json  # only --json output needs it: about 1.5 ms off every other command's start-up

    sys.stdout.write(json.dumps(data, indent=2, sort_keys=False) + "\n")


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """A plain aligned table: cheap to import, readable in CI logs and pipes."""
    rows = [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [len(h) for h in headers]
    for r in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, r)]
    line = "  ".join(h.upper().ljust(w) for h, w in zip(headers, widths))
    out(line.rstrip())
    for r in rows:
        out("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
