"""Questions at a terminal: each answer is checked as it is typed and asked again with the reason.

Prompts and their messages go to stderr, so `--json` output on stdout stays clean. Ctrl-C
raises KeyboardInterrupt (exit 130 through `handle_errors`); end of input is a usage error.
"""

from __future__ import annotations

import sys

from .. import console
from ..errors import ArchkitError, UsageError

def show_refusal(exc: ArchkitError) -> None:
    """The reason an answer was refused, worded for the prompt (generator.render.answers.reworded)."""
    from ..render.answers import reworded

    message, hint = reworded(exc)
    console.err(console.style(f"  {message}", "red"))
    if hint:
        console.err(f"  hint: {hint}")


def read_line(label: str) -> str:
    console.prompt_text(label)
    line = sys.stdin.readline()
    if not line:
        raise UsageError("input ended before every question was answered",
                         "answer at the terminal, or pass the answers as options with --no-input")
    return line.rstrip("\r\n").strip()


def label_for(key: str, default: str | None, choices: tuple[str, ...] | None) -> str:
    text = console.style(key, "bold")
    if choices:
        text += f" ({'/'.join(choices)})"
    if default:
        text += f" [{default}]"
    return text + ": "


def ask(q) -> str:
    """Ask ``q`` (a generator.render.answers.Question) until its check accepts the answer."""
    if q.error is not None:
        show_refusal(q.error)
    if q.help:
        console.err(console.style(f"{q.key}: {q.help}", "dim"))
    default = q.default
    while True:
        raw = read_line(label_for(q.key, default, q.choices))
        if not raw and default is not None:
            raw = default
        try:
            return q.check(raw)
        except ArchkitError as exc:
            show_refusal(exc)
            # a valid suggestion becomes the default: Enter accepts it
            default = getattr(exc, "suggestion", None) or q.default


def confirm(text: str, default: bool = True) -> bool:
    hint = "Y/n" if default else "y/N"
    while True:
        raw = read_line(f"{text} [{hint}]: ").lower()
        if not raw:
            return default
        if raw in ("y", "yes"):
            return True
        if raw in ("n", "no"):
            return False
        console.err("  answer yes or no")
