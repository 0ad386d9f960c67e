"""The template renders on its own with plain cookiecutter and pytest-cookies, identically."""

from __future__ import annotations

from pathlib import Path

from generator.paths import templates_dir
from generator.render import render_files
from generator.render.answers import resolve

TEMPLATE = templates_dir() / "starter"


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_plain_cookiecutter_matches_archkit(tmp_path, catalog):
    from cookiecutter.main import cookiecutter

    for arch, iac in (("chat-baseline", "terraform"), ("tdsp", "bicep")):
        context = {"architecture": arch, "iac": iac, "name": "cc-app", "environment": "dev"}
        out = cookiecutter(str(TEMPLATE), no_input=True, extra_context=context, output_dir=str(tmp_path / arch))
        theirs = _tree(Path(out))
        answers = resolve(catalog, given=context)
        ours, _ = render_files(catalog, answers)
        ours.pop(".archkit/answers.yml")
        assert set(theirs) == set(ours)
        assert all(theirs[k] == ours[k] for k in ours), [k for k in ours if theirs[k] != ours[k]]


def test_pytest_cookies_bake(cookies):
    result = cookies.bake(template=str(TEMPLATE), extra_context={"architecture": "rag", "iac": "bicep", "name": "rag-app"})
    assert result.exit_code == 0, result.exception
    assert result.project_path.name == "rag-app"
    assert (result.project_path / "infra" / "main.bicep").is_file()
    assert not (result.project_path / "infra" / "main.tf").exists()


def test_pytest_cookies_refuses_a_bad_name_and_leaves_nothing(cookies, capfd, tmp_path):
    result = cookies.bake(template=str(TEMPLATE), extra_context={"architecture": "rag", "name": "Bad_Name"})
    assert result.exit_code != 0 and type(result.exception).__name__ == "FailedHookException"
    assert "error: name 'Bad_Name' contains uppercase letters" in capfd.readouterr().err
    assert result.project_path is None
    # the cookies fixture bakes into <tmp_path>/cookies/bakeNN: the refused render's folder is gone
    assert (tmp_path / "cookies").is_dir() and list((tmp_path / "cookies").rglob("*")) == [
        tmp_path / "cookies" / "bake00"], "the refused render left files behind"


# --- standing alone: a fresh process, nothing imported first --------------------------------------


def _fresh_pytest(args: list[str], cwd: Path, tmp_path: Path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "ARCHKIT_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=cwd,
                          capture_output=True, text=True, env=env, timeout=600)


def test_the_pytest_cookies_test_passes_alone_in_a_fresh_process(tmp_path):
    here = Path(__file__).resolve()
    proc = _fresh_pytest([f"{here}::test_pytest_cookies_bake", "--basetemp", str(tmp_path / "t")], here.parents[1],
                         tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 passed" in proc.stdout


def test_plain_cookiecutter_refuses_a_bad_name_like_archkit(tmp_path, catalog):
    import subprocess
    import sys

    from generator.errors import ArchkitError
    from generator.render.answers import reworded

    try:
        resolve(catalog, given={"architecture": "rag", "name": "My_Rag_App"})
    except ArchkitError as exc:
        message, hint = reworded(exc)
    out = tmp_path / "out"
    out.mkdir()
    config = tmp_path / "config.yaml"
    config.write_text(f"replay_dir: {tmp_path / 'replay'}\ncookiecutters_dir: {tmp_path / 'cc'}\n")
    proc = subprocess.run([str(Path(sys.executable).parent / "cookiecutter"), "--no-input", "--config-file", str(config),
                           "-o", str(out), str(TEMPLATE), "name=My_Rag_App", "architecture=rag"],
                          capture_output=True, text=True, env={"PATH": "/usr/bin:/bin",
                                                                "ARCHKIT_CACHE_DIR": str(tmp_path / "cache")})
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    assert f"error: {message}" in proc.stderr and f"hint: {hint}" in proc.stderr
    assert "'my-rag-app'" in hint
    assert list(out.iterdir()) == [], "nothing is left behind"


def test_the_documented_pytest_cookies_example_runs(tmp_path):
    """docs/templates.md's example, extracted as written and run alone from the repository root."""
    import re

    root = Path(__file__).resolve().parents[1]
    doc = (root / "docs" / "templates.md").read_text()
    marker = "<!-- test: tests/test_cookiecutter.py::test_the_documented_pytest_cookies_example_runs -->"
    assert doc.count(marker) == 1
    block = re.match(r"\s*```python\n(.*?)```", doc.split(marker, 1)[1], re.S)
    assert block, "the marker must precede a ```python block"
    example = tmp_path / "test_documented_example.py"
    example.write_text(block.group(1))
    proc = _fresh_pytest([str(example), "--basetemp", str(tmp_path / "t"), "--rootdir", str(tmp_path)], root, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    tests = len(re.findall(r"^def test_", block.group(1), re.M))
    assert tests >= 2 and f"{tests} passed" in proc.stdout, proc.stdout
