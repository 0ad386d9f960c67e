"""Console entry point. Signals that arrive while Python is still importing typer and
the CLI would print an interpreter traceback; until the CLI takes over they end the
process quietly, and nothing has been written yet."""

import os
import signal
import sys


def _quiet(signum, frame):
    sys.stderr.write("error: interrupted; nothing was written\n")
    os._exit(130)  # generator.cli.INTERRUPTED, not imported yet


_previous = {s: signal.signal(s, _quiet) for s in (signal.SIGINT, signal.SIGTERM)}


def _terminate(signum, frame):
    raise KeyboardInterrupt  # SIGTERM takes Ctrl-C's clean-up path: exit 130 (docs/errors.md)


def main() -> None:
    from .cli import main as cli_main

    for sig, handler in _previous.items():  # the CLI's own clean-up paths take over
        signal.signal(sig, _terminate if sig == signal.SIGTERM and handler == signal.SIG_DFL else handler)
    cli_main()
