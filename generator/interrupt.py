"""Signals and interruption points shared by the commands that write (`new`, `update`).

SIGTERM takes the same clean-up path as Ctrl-C (exit 130 for both, docs/errors.md).
``pause_point`` lets the test suite stop a real process at a named step and SIGKILL it
there: with ``ARCHKIT_TEST_PAUSE_AT=<step>`` the process prints a marker on stderr and
waits (until the file named by ``ARCHKIT_TEST_RESUME`` exists, or 60 s). Unset, it costs
one environment lookup.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time


@contextlib.contextmanager
def sigterm_as_interrupt():
    """Within the block SIGTERM raises KeyboardInterrupt, so the writer's clean-up runs."""
    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def pause_point(step: str) -> None:
    if os.environ.get("ARCHKIT_TEST_PAUSE_AT") != step:
        check()
        return
    sys.stderr.write(f"archkit-test-paused-at: {step}\n")
    sys.stderr.flush()
    resume = os.environ.get("ARCHKIT_TEST_RESUME")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        check()
        if resume and os.path.exists(resume):
            return
        time.sleep(0.02)


_pending: list[int] = []


@contextlib.contextmanager
def deferred():
    """Within the block SIGINT and SIGTERM are noted, not raised mid-step: ``check()`` raises
    KeyboardInterrupt at the next safe point (between two git commands), so no git command
    is cut off half-way and the roll-back starts from a consistent state."""
    def handler(signum, frame):
        _pending.append(signum)

    try:
        previous = {s: signal.signal(s, handler) for s in (signal.SIGINT, signal.SIGTERM)}
    except ValueError:  # not the main thread
        yield
        return
    _pending.clear()
    try:
        yield  # a signal noted after the last safe point lets the nearly finished command finish
    finally:
        for s, h in previous.items():
            signal.signal(s, h)
        _pending.clear()


def check() -> None:
    """Raise KeyboardInterrupt once for a signal noted by ``deferred``."""
    if _pending:
        _pending.clear()
        raise KeyboardInterrupt
