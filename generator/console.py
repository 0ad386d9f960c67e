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


def emit_json(data: dict, schema: str) -> None:
    """One JSON object on stdout, led by its versioned shape (docs/json.md), e.g. archkit/list/v1."""
    import json  # only --json output needs it: about 1.5 ms off every other command's start-up

    sys.stdout.write(json.dumps({"schema": schema, **data}, indent=2, sort_keys=False) + "\n")


def terminal_width() -> int | None:
    """Columns to fit: $COLUMNS, else the terminal's width; None when stdout is not a terminal
    (a pipe or a file keeps whole lines for grep and diff)."""
    value = os.environ.get("COLUMNS", "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    try:
        if sys.stdout.isatty():
            return os.get_terminal_size(sys.stdout.fileno()).columns
    except (AttributeError, ValueError, OSError):
        pass
    return None


def _fit(widths: list[int], floors: list[int], limit: int, gap: int) -> list[int]:
    """Narrow the widest columns, one character at a time, until the row fits or every column
    is at its floor (its longest word or its header)."""
    widths = list(widths)
    while sum(widths) + gap * (len(widths) - 1) > limit:
        shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (widths[i], i))
        widths[widest] -= 1
    return widths


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width``, broken at spaces or after / _ . (ARM types, resource names)."""
    if len(text) <= width:
        return [text]
    import re

    lines, current = [], ""
    for piece in re.findall(r"[^\s/_.]*(?:[/_.]+|\s+|$)", text):
        if not piece:
            continue
        if len((current + piece).rstrip()) <= width:
            current += piece
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = piece.lstrip()
        while len(current.rstrip()) > width:  # one piece longer than the column
            lines.append(current[:width])
            current = current[width:]
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def wrapped(text: str, first: str = "", indent: str = "") -> None:
    """A paragraph wrapped to the terminal (whole when stdout is not one), after ``first``."""
    limit = terminal_width()
    if not limit or len(first) + len(text) <= limit:
        out(first + text)
        return
    if " " not in text:  # a URL: whole, on its own line, so it stays clickable
        out(first.rstrip())
        out(indent + text)
        return
    import textwrap

    for line in textwrap.wrap(text, max(limit, 40), initial_indent=first, subsequent_indent=indent,
                              break_long_words=False, break_on_hyphens=False):
        out(line)


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], width: int | None = None) -> None:
    """An aligned table that fits the terminal: the widest columns wrap within themselves,
    the first (the id you type next) never does. Cheap to import; readable in CI logs and pipes."""
    rows = [[("" if c is None else str(c)) for c in r] for r in rows]
    widths = [len(h) for h in headers]
    for r in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, r)]
    limit = width or terminal_width()
    if limit:
        floors = [len(h) for h in headers]
        for r in rows:
            floors = [max(f, *(min(len(word), 20) for word in c.split() or [""])) for f, c in zip(floors, r)]
        floors[0] = widths[0]
        widths = _fit(widths, floors, limit, 2)
    line = "  ".join(h.upper().ljust(w) for h, w in zip(headers, widths))
    out(style(line.rstrip(), "bold", stream="stdout"))
    for r in rows:
        cells = [_wrap(c, w) for c, w in zip(r, widths)]
        for i in range(max(len(c) for c in cells)):
            out("  ".join((c[i] if i < len(c) else "").ljust(w) for c, w in zip(cells, widths)).rstrip())
