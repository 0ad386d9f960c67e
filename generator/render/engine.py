"""Render a cookiecutter template directory in-process, with one Jinja environment.

It implements the part of cookiecutter's format our templates use: `{{cookiecutter.x}}`
in paths and contents, `_copy_without_render`, `templates/` for includes, and our
own rule that a file rendering to whitespace only is not part of the output (plain
cookiecutter applies the same rule through the template's post-generation hook).
archkit does not pay cookiecutter's import cost, and a test proves both produce the
same tree.
"""

from __future__ import annotations

import fnmatch
import json
from functools import lru_cache
from pathlib import Path

from ..errors import RenderError

PROJECT_DIR = "{{cookiecutter.project_slug}}"


@lru_cache(maxsize=8)
def _environment(template_root: str):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    root = Path(template_root)
    env = Environment(
        loader=FileSystemLoader([str(root / PROJECT_DIR), str(root / "templates")]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )
    return env


def template_config(template_root: Path) -> dict:
    return json.loads((template_root / "cookiecutter.json").read_text(encoding="utf-8"))


def render_tree(template_root: Path, cookiecutter: dict, ak: dict) -> dict[str, bytes]:
    """Render every file; return {relative posix path: content}. Nothing touches disk."""
    template_root = Path(template_root)
    config = template_config(template_root)
    copy_raw = config.get("_copy_without_render", [])
    env = _environment(str(template_root))
    env.globals["archkit"] = lambda _cc: ak
    base = template_root / PROJECT_DIR
    if not base.is_dir():
        raise RenderError(f"{template_root}: no {PROJECT_DIR} folder", "the template folder is incomplete; reinstall archkit")
    ctx = {"cookiecutter": cookiecutter}
    out: dict[str, bytes] = {}
    for path in sorted(base.rglob("*")):
        if path.is_dir():
            continue
        rel_template = path.relative_to(base).as_posix()
        try:
            rel = env.from_string(rel_template).render(ctx)
        except Exception as exc:
            raise RenderError(f"template path {rel_template}: {exc}") from None
        if not rel or rel.endswith("/") or any(part in ("", ".", "..") for part in rel.split("/")):
            continue
        if any(fnmatch.fnmatch(rel_template, pat) for pat in copy_raw):
            out[rel] = path.read_bytes()
            continue
        try:
            text = env.get_template(rel_template).render(ctx)
        except Exception as exc:
            line = getattr(exc, "lineno", None)
            where = f"{rel_template}:{line}" if line else rel_template
            raise RenderError(f"template {where}: {type(exc).__name__}: {exc}",
                              "this is a template bug; report it with the command you ran") from None
        if not text.strip():
            continue
        out[rel] = text.encode("utf-8")
    return out
