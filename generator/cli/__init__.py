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

# The exit code of an interrupted command (Ctrl-C or SIGTERM), documented in docs/errors.md.
INTERRUPTED = 130

# The module that registers each top-level command or command group, in `--help` order.
_COMMAND_MODULES = {
    "list": "catalog_cmds", "show": "catalog_cmds", "catalog": "catalog_cmds",
    "new": "new_cmd",
    "validate": "validate_cmd",
    "update": "update_cmd", "check": "update_cmd", "diff": "update_cmd",
    "adopt": "adopt_cmd",
    "status": "status_cmd",
    "recommend": "recommend_cmd",
    "kit": "kit_cmd",
    "oracles": "oracles_cmd",
    "checklist": "checklist_cmd",
}
_imported: set[str] = set()
_importing = False


def _import_commands(modules) -> None:
    """Import command modules (their decorators register the commands); None: all of them."""
    global _importing
    if _importing:
        return
    wanted = dict.fromkeys(_COMMAND_MODULES.values()) if modules is None else modules
    todo = [name for name in wanted if name not in _imported]
    if not todo:
        return
    _importing = True
    try:
        for name in todo:
            _imported.add(name)
            try:
                __import__(f"{__name__}.{name}")
            except ModuleNotFoundError as exc:  # commands land one issue at a time
                if exc.name != f"{__name__}.{name}":
                    raise
    finally:
        _importing = False


class _RootTyper(typer.Typer):
    """The root app, whose command modules are imported when typer first reads its command
    list (to build the click group: `main`, `CliRunner().invoke(app, ...)`), not on import.

    `main` narrows that to the module of the command on the command line, so `archkit list`
    neither imports nor converts the options of `new`, `validate`, `update`...
    """

    _only: tuple[str, ...] | None = None

    @property
    def registered_commands(self) -> list:
        _import_commands(self._only)
        return self.__dict__["_registered_commands"]

    @registered_commands.setter
    def registered_commands(self, value: list) -> None:
        self.__dict__["_registered_commands"] = value


app = _RootTyper(
    name="archkit",
    help="Turn Azure AI reference architectures into starter repositories (Bicep or Terraform).",
    no_args_is_help=True,
    # `--install-completion` / `--show-completion`: typer builds the two options in well
    # under a millisecond; completing runs `archkit` with _ARCHKIT_COMPLETE set and no
    # arguments, so every command module is imported (see _modules_for).
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
catalog_app = typer.Typer(help="Work with the catalog data.", no_args_is_help=True)
kit_app = typer.Typer(help="Platform-team kits: create and validate.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
oracles_app = typer.Typer(help="The offline Azure type and azurerm oracles: status, update.", no_args_is_help=True)
app.add_typer(kit_app, name="kit")
app.add_typer(oracles_app, name="oracles")


def complete_architecture_ids(incomplete: str) -> list[str]:
    """Shell completion of an architecture id (from the cached catalog)."""
    from ..catalog import load_catalog

    return sorted(i for i in load_catalog().architectures if i.startswith(incomplete))


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
        except KeyboardInterrupt:  # Ctrl-C, and SIGTERM where a clean-up path maps it here
            console.error("interrupted; nothing was written")
            raise typer.Exit(INTERRUPTED) from None
        except typer.Abort as exc:  # a click prompt's Ctrl-C (it prints "Aborted!", exit 1 otherwise)
            if isinstance(exc.__context__, KeyboardInterrupt):
                console.error("interrupted; nothing was written")
                raise typer.Exit(INTERRUPTED) from None
            raise
        except BrokenPipeError:  # `archkit list | head`: the reader left; not an error
            sys.stderr = open(os.devnull, "w")
            raise typer.Exit(0) from None
        except (typer.Exit, SystemExit):
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


def _modules_for(args: list[str]) -> tuple[str, ...] | None:
    """The command modules a command line needs; None (all) when it may list commands."""
    command = next((a for a in args if not a.startswith("-")), None)
    if command is None:  # `archkit`, `archkit --help`: the full command list
        return () if "--version" in args and "--help" not in args else None
    module = _COMMAND_MODULES.get(command)
    return (module,) if module else None  # an unknown command: let click list the real ones


def _terminated(signum, frame):
    raise KeyboardInterrupt  # SIGTERM takes Ctrl-C's clean-up path and exit code


def main(argv: list[str] | None = None) -> None:
    import signal

    try:
        signal.signal(signal.SIGTERM, _terminated)
    except ValueError:  # not the main thread (embedded use): keep the default
        pass
    app._only = _modules_for(sys.argv[1:] if argv is None else list(argv))
    try:
        app(args=argv, prog_name="archkit")
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted; nothing was written\n")
        sys.exit(INTERRUPTED)
    finally:
        app._only = None
