"""A wheel built from the repository works alone: templates and catalog ship inside it."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_installs_and_runs_from_another_directory(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, text=True)
    wheel = next(dist.glob("archkit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/_data/catalog/components.yaml" in names
    assert "generator/_data/catalog/schema/architecture.schema.json" in names
    assert any(n.startswith("generator/_data/templates/starter/") for n in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    # Reuse the dependencies already installed here (no network needed): a .pth appends
    # them after the venv's own site-packages, so archkit itself comes only from the wheel.
    import sysconfig

    site = Path(subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "zz_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, text=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "ARCHKIT_CACHE_DIR": str(tmp_path / "cache"), "HOME": str(tmp_path)}
    where = subprocess.run([str(py), "-c", "import generator, sys; print(generator.__file__)"], cwd=elsewhere,
                           capture_output=True, text=True, env=env, check=True).stdout
    assert str(venv) in where, where
    out = subprocess.run([str(venv / "bin" / "archkit"), "list", "--json"], cwd=elsewhere,
                         capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["architectures"]) == 13
    rendered = subprocess.run([str(venv / "bin" / "archkit"), "new", "chat-basic", "--no-input", "--no-git",
                               "-o", "repo"], cwd=elsewhere, capture_output=True, text=True, env=env)
    assert rendered.returncode == 0, rendered.stderr
    assert (elsewhere / "repo" / "infra" / "main.bicep").is_file()
