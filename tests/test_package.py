"""A wheel built from the repository works alone: templates, catalog and oracle index ship inside it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from this checkout, installed alone in a fresh venv; (venv, wheel names, tmp)."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(REPO)],
                   check=True, capture_output=True, text=True)
    wheel = next(dist.glob("archkit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
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
    return venv, names, tmp_path


def _user(tmp_path: Path) -> tuple[Path, dict]:
    """A working directory away from the checkout and an environment with no archkit settings."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(exist_ok=True)
    return elsewhere, {"PATH": f"{tmp_path / 'venv' / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path / "home")}


def test_wheel_installs_and_runs_from_another_directory(installed):
    venv, names, tmp_path = installed
    assert "generator/_data/catalog/components.yaml" in names
    assert "generator/_data/catalog/schema/architecture.schema.json" in names
    assert any(n.startswith("generator/_data/templates/starter/") for n in names)
    py = venv / "bin" / "python"
    elsewhere, env = _user(tmp_path)
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


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the one line holding ``old``; its line number."""
    lines = path.read_text().splitlines(keepends=True)
    hits = [n for n, text in enumerate(lines) if old in text]
    assert len(hits) == 1, (path, old, hits)
    lines[hits[0]] = lines[hits[0]].replace(old, new)
    path.write_text("".join(lines))
    return hits[0] + 1


def test_validate_from_the_wheel_checks_types_versions_and_arguments(installed):
    """The shipped oracles reach a pip-installed user: no ../shared, no settings, cwd elsewhere."""
    venv, names, tmp_path = installed
    assert "generator/_oracles/PROVENANCE.json" in names and "generator/_oracles/azurerm.json.gz" in names
    assert "generator/_oracles/NOTICE-bicep-types-az.txt" in names
    archkit = str(venv / "bin" / "archkit")
    elsewhere, env = _user(tmp_path)
    for iac in ("bicep", "terraform"):
        out = subprocess.run([archkit, "new", "chat-basic", "--iac", iac, "--no-input", "--no-git", "-o", iac],
                             cwd=elsewhere, capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
    expected = {
        ("bicep", "infra/modules/ai-search.bicep",
         _edit(elsewhere / "bicep/infra/modules/ai-search.bicep", "publicNetworkAccess:", "publicNetworkAcess:"),
         "arm-property-unknown"),
        ("bicep", "infra/modules/log-analytics.bicep",
         _edit(elsewhere / "bicep/infra/modules/log-analytics.bicep", "workspaces@2026-03-01", "workspaces@2026-03-02"),
         "arm-api-version-unknown"),
        ("terraform", "infra/modules/ai-search/main.tf",  # same length: terraform fmt stays clean
         _edit(elsewhere / "terraform/infra/modules/ai-search/main.tf", "public_network_access_enabled", "public_network_acsess_enabled"),
         "tf-argument-unknown"),
    }
    found = set()
    for iac in ("bicep", "terraform"):
        out = subprocess.run([archkit, "validate", iac], cwd=elsewhere, capture_output=True, text=True, env=env)
        assert out.returncode == 1, out.stdout + out.stderr
        for line in out.stdout.splitlines():
            m = re.match(r"^(infra/\S+):(\d+): ([\w-]+): ", line)
            if m:
                found.add((iac, m.group(1), int(m.group(2)), m.group(3)))
        assert "oracles not found" not in out.stdout
    assert found == expected
