"""All terminal output goes through here (plain text, or JSON for machines).

Colour: only on a terminal; `NO_COLOR` (any non-empty value) turns it off, `FORCE_COLOR`
(non-empty) turns it on for pipes and CI logs; NO_COLOR wins when both are set. Decided
once per stream, with nothing imported for it.
"""

from __future__ import annotations

import os
import sys
from typing import Any, Iterable, Sequence

_SGR = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}
_colour: dict[str, bool] = {}


def colour_enabled(stream: str = "stderr") -> bool:
    """Whether text for ``stream`` ("stdout" or "stderr") is coloured."""
    if stream not in _colour:
        env = os.environ
        if env.get("NO_COLOR"):
            on = False
        elif env.get("FORCE_COLOR"):
            on = True
        else:
            fh = getattr(sys, stream)
            try:
                on = fh.isatty() and env.get("TERM") != "dumb"
            except (AttributeError, ValueError):
                on = False
        _colour[stream] = on
    return _colour[stream]


def style(text: str, *names: str, stream: str = "stderr") -> str:
    if not names or not colour_enabled(stream):
        return text
    return f"\x1b[{';'.join(_SGR[n] for n in names)}m{text}\x1b[0m"


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text + "\n")


def prompt_text(text: str) -> None:
    """A question, on stderr without a newline (stdout stays for results and JSON)."""
    sys.stderr.write(text)
    sys.stderr.flush()


def error(message: str, hint: str | None = None) -> None:
    err(f"{style('error:', 'bold', 'red')} {message}")
    if hint:
        err(f"  {style('hint:', 'cyan')} {hint}")


def warn(text: str) -> None:
    err(f"{style('warning:', 'bold', 'yellow')} {text}")


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
