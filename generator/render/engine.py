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
        bytecode_cache=_bytecode_cache(),
    )
    return env


def _bytecode_cache():
    """Compiled templates kept between processes, in archkit's cache folder.

    Bytecode is code, so every entry is signed: an HMAC over the template's key and the
    bytes, keyed by this user's secret (``generator.cachedir``), checked before Jinja
    unmarshals it; files are read only from a private folder. Jinja itself keys each entry
    by template name and file and checks a checksum of the source, so an edited template is
    compiled again. A missing, foreign, unsigned or corrupt entry is compiled afresh;
    without a usable cache folder templates are simply compiled (as without a cache).
    """
    import os

    from jinja2.bccache import BytecodeCache

    from .. import cachedir

    folder = os.path.join(cachedir.cache_dir(), "jinja")
    key = cachedir.secret()
    if key is None or not cachedir.ensure_dir(folder):
        return None

    class _Signed(BytecodeCache):
        def _path(self, bucket) -> str:
            return os.path.join(folder, f"{bucket.key}.cache")

        def load_bytecode(self, bucket) -> None:
            data = cachedir.read_private(self._path(bucket), 64 * 1024 * 1024)
            if data is None or len(data) < 32 or not cachedir.verify(key, data[:32], bucket.key.encode(), data[32:]):
                return
            try:
                bucket.bytecode_from_string(data[32:])
            except Exception:  # noqa: BLE001 - our own signed entry, yet unreadable (another Python): compile
                bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            body = bucket.bytecode_to_string()
            try:
                cachedir.write_private(self._path(bucket), [cachedir.sign(key, bucket.key.encode(), body), body])
            except OSError:  # read-only or full cache folder: keep going without it
                pass

    return _Signed()


@lru_cache(maxsize=2048)
def _path_template(template_root: str, rel_template: str):
    """A file's path as a compiled template; paths repeat across every render in a process."""
    return _environment(template_root).from_string(rel_template)


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
            rel = _path_template(str(template_root), rel_template).render(ctx)
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
