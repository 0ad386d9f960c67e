"""The generated `validate.yml`: archkit validate --strict at the recorded archkit version,
beside the flavour's own build/validate and checkov; actions pinned by commit, least
permissions, no persisted credentials (zizmor, offline, finds nothing)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import __version__
from generator.render import render_files
from generator.render.answers import resolve

WORKFLOW = ".github/workflows/validate.yml"
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


@pytest.fixture(scope="module", params=["bicep", "terraform"])
def repo(request, catalog, tmp_path_factory):
    files, _ = render_files(catalog, resolve(catalog, given={"architecture": "chat-baseline", "iac": request.param}))
    root = tmp_path_factory.mktemp(request.param)
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return request.param, root


def _steps(root: Path) -> list[dict]:
    doc = yaml.safe_load((root / WORKFLOW).read_text())
    assert doc["permissions"] == {} and doc["jobs"]["checks"]["permissions"] == {"contents": "read"}
    return doc["jobs"]["checks"]["steps"]


def test_validate_runs_archkit_strict_beside_the_flavours_own_checks(repo):
    iac, root = repo
    steps = _steps(root)
    text = (root / WORKFLOW).read_text()
    runs = "\n".join(s.get("run", "") for s in steps)
    assert re.search(r'pip" install --quiet "archkit\[validate\]==\$version"', runs)
    assert 'PATH="$RUNNER_TEMP/archkit/bin:$PATH"\narchkit validate --strict .' in runs
    assert ("az bicep build --file infra/main.bicep" in runs) == (iac == "bicep")
    assert ("terraform validate" in runs) == (iac == "terraform")
    assert '"$RUNNER_TEMP/checkov/bin/pip" install --quiet "checkov==3.3.30"' in runs
    assert 'PATH="$RUNNER_TEMP/checkov/bin:$PATH"\ncheckov --config-file .checkov.yaml' in runs
    for step in steps:
        if "uses" in step:
            line = next(ln.strip().removeprefix("- uses: ") for ln in text.splitlines() if step["uses"] in ln)
            assert PINNED.match(line), line
            if step["uses"].startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_the_archkit_version_comes_from_the_answers_file(repo, tmp_path):
    _, root = repo
    script = next(s["run"] for s in _steps(root) if "validate --strict" in s.get("run", ""))
    probe = script.split("python -m venv", 1)[0] + 'echo "$version"\n'
    work = tmp_path / "w"
    shutil.copytree(root / ".archkit", work / ".archkit")
    out = subprocess.run(["bash", "-ec", probe], cwd=work, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == __version__
    answers = work / ".archkit" / "answers.yml"
    answers.write_text(answers.read_text().replace(f"archkit_version: {__version__}", "archkit_version: '1.2.3; rm -rf /'"))
    out = subprocess.run(["bash", "-ec", probe], cwd=work, capture_output=True, text=True)
    assert out.returncode == 1 and "is not a version number" in out.stdout


def test_zizmor_finds_nothing_in_the_workflow(repo):
    _, root = repo
    zizmor = Path(sys.executable).parent / "zizmor"
    out = subprocess.run([str(zizmor), "--offline", "--no-progress", str(root / WORKFLOW)], capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
