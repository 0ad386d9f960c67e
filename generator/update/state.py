"""Read and check `.archkit/answers.yml`: every fault is reported as ``file:line: field: problem``."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, UpdateError
from ..render import answers_file
from ..render.answers import KEYS

REQUIRED = ("architecture", "iac", "name", "location", "environment", "network")
TEMPLATES = ("starter",)


@dataclass
class Recorded:
    """What a repository says it was rendered from."""

    path: Path
    display: str
    archkit_version: str
    template: str
    answers: dict
    kit: dict | None
    digests: dict[str, str] = field(default_factory=dict)
    lines: object = None
    pristine: str | None = None      # the archkit/pristine commit this branch last merged

    def line_of(self, *keys) -> int:
        return self.lines.line_of(keys) if self.lines is not None else 1

    def where(self, *keys) -> str:
        return f"{self.display}:{self.line_of(*keys)}"


def display_path(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` that holds `.archkit/answers.yml` (else ``start``)."""
    start = Path(start)
    for folder in (start, *start.resolve().parents):
        if (folder / answers_file.PATH).is_file():
            return folder
    return start


def read(root: Path) -> Recorded:
    from ..yamlio import YamlProblem, load_file

    path = Path(root) / answers_file.PATH
    display = display_path(path)
    if not path.is_file():
        raise UpdateError(f"{display} not found: this repository does not say what it was rendered from",
                          "run archkit in a repository made by `archkit new`; if the file was deleted, "
                          "restore it with `git checkout HEAD -- .archkit/answers.yml`")
    try:
        doc = load_file(path, display)
    except YamlProblem as exc:
        raise InputError(f"{exc.problem}", "restore the file from git (`git log -- .archkit/answers.yml`) "
                         "or fix the line shown") from None
    data = doc.data
    hint = "the file is written by archkit; restore it from git history or fix the line shown"
    if not isinstance(data, dict):
        got = "nothing" if data is None else f"a {type(data).__name__}"
        raise InputError(f"{display}:1: (top): holds {got}, not a mapping of archkit_version, template, answers, kit, digests",
                         hint)

    def bad(keys: tuple, problem: str):
        return InputError(f"{display}:{doc.line_of(keys)}: {'.'.join(map(str, keys))}: {problem}", hint)

    version = data.get("archkit_version")
    if not isinstance(version, str) or not version.strip():
        raise bad(("archkit_version",), "missing or not a version string")
    template = data.get("template", "starter")
    if template not in TEMPLATES:
        raise bad(("template",), f"{template!r} is not a template this archkit ships (it has: {', '.join(TEMPLATES)})")
    answers = data.get("answers")
    if not isinstance(answers, dict):
        raise bad(("answers",), "missing or not a mapping of answers")
    given: dict = {}
    for key, value in answers.items():
        if key == "tags":
            if value is None:
                continue
            if not isinstance(value, dict) or not all(isinstance(v, (str, int, float)) and not isinstance(v, bool)
                                                      for v in value.values()):
                raise bad(("answers", "tags"), "expected a mapping of tag names to strings")
            given["tags"] = {str(k): str(v) for k, v in value.items()}
            continue
        if key not in KEYS:
            raise bad(("answers", key), f"not a known answer (known: {', '.join(KEYS)}, tags)")
        if key == "options" and isinstance(value, list):
            if not all(isinstance(v, str) for v in value) or len(value) > 64:
                raise bad(("answers", key), "expected a list of option ids")
            given[key] = ",".join(value)
            continue
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise bad(("answers", key), f"expected a string, got {type(value).__name__}")
        given[key] = str(value)
    for key in REQUIRED:
        if not given.get(key):
            line = doc.line_of(("answers", key) if key in answers else ("answers",))
            raise InputError(f"{display}:{line}: answers.{key}: missing or empty", hint)
    kit = data.get("kit")
    if kit is not None and not isinstance(kit, dict):
        raise bad(("kit",), "expected a mapping (name, version, source) or null")
    digests = data.get("digests") or {}
    if not isinstance(digests, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in digests.items()):
        raise bad(("digests",), "expected a mapping of file path to sha256 digest")
    pristine = data.get(answers_file.PRISTINE_KEY)
    if pristine is not None and (not isinstance(pristine, str) or not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", pristine)):
        raise bad((answers_file.PRISTINE_KEY,), "expected the commit id archkit recorded (40 hex digits)")
    return Recorded(path, display, version.strip(), template, given, kit, dict(digests), doc, pristine)


def check_architecture(catalog, rec: Recorded, arch_id: str, overridden: bool) -> None:
    """The recorded (or --set) architecture id must still exist in the installed catalog."""
    import difflib

    from .. import __version__

    if arch_id in catalog.architectures:
        return
    close = difflib.get_close_matches(arch_id, sorted(catalog.architectures), n=3, cutoff=0.5)
    where = "--set architecture" if overridden else f"{rec.where('answers', 'architecture')}: answers.architecture"
    hint = (f"did you mean {', '.join(close)}? " if close else "") + \
        "pass --set architecture=ID to move the repository to another entry (see `archkit list`)"
    raise UpdateError(f"{where}: {arch_id!r} is not in the catalog of the installed archkit {__version__}", hint)
