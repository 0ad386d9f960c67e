"""The `archkit` command line: parse options, call one library function, print.

Heavy modules (cookiecutter-style rendering, IaC parsers, jsonschema) are imported
inside the commands that use them so `--help`, `list` and `show` stay fast.
"""

from __future__ import annotations

import functools
import os
import sys

import typer

from .. import __version__

app = typer.Typer(
    name="archkit",
    help="Turn Azure AI reference architectures into starter repositories (Bicep or Terraform).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
catalog_app = typer.Typer(help="Work with the catalog data.", no_args_is_help=True)
kit_app = typer.Typer(help="Platform-team kits: create and validate.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
app.add_typer(kit_app, name="kit")


def handle_errors(fn):
    """Turn archkit's exception hierarchy into messages and exit codes, in one place."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from .. import console
        from ..errors import ArchkitError

        try:
            code = fn(*args, **kwargs)
        except ArchkitError as exc:
            console.error(exc.message, exc.hint)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            console.error("interrupted; nothing was written")
            raise typer.Exit(130) from None
        except BrokenPipeError:  # `archkit list | head`: the reader left; not an error
            sys.stderr = open(os.devnull, "w")
            raise typer.Exit(0) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except Exception as exc:  # the last line of defence: never a traceback
            if os.environ.get("ARCHKIT_DEBUG"):
                raise
            console.error(f"internal error: {type(exc).__name__}: {exc}",
                          "this is a bug in archkit; rerun with ARCHKIT_DEBUG=1 and report the traceback")
            raise typer.Exit(3) from None
        if code:
            raise typer.Exit(int(code))

    return wrapper


def _version(value: bool):
    if value:
        typer.echo(f"archkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
):
    """archkit: Azure AI reference architectures as reviewed, deployable starter repositories."""


from . import catalog_cmds  # noqa: E402,F401  (registers commands)

for _optional in ("new_cmd", "validate_cmd", "update_cmd", "recommend_cmd", "kit_cmd"):
    try:
        __import__(f"{__name__}.{_optional}")
    except ModuleNotFoundError as _exc:  # commands land one issue at a time
        if _exc.name != f"{__name__}.{_optional}":
            raise


def main(argv: list[str] | None = None) -> None:
    try:
        app(args=argv, prog_name="archkit")
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted; nothing was written\n")
        sys.exit(130)
