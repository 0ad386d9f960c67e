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
