"""Safe YAML loading that remembers where every value came from.

Only the safe loader is used: tags such as ``!!python/object`` are rejected.
Line numbers let every error read ``file:line: field: problem``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

MAX_BYTES = 2 * 1024 * 1024


class Located:
    """A parsed document plus a map from JSON path (tuple) to 1-based line."""

    def __init__(self, data: Any, lines: dict[tuple, int], file: str):
        self.data, self.lines, self.file = data, lines, file

    def line_of(self, path) -> int | None:
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


def _walk(node: yaml.Node, path: tuple, lines: dict) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = k.value
            lines[path + (key,)] = k.start_mark.line + 1
            _walk(v, path + (key,), lines)
            lines[path + (key,)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk(v, path + (i,), lines)


def load_text(text: str, file: str) -> Located:
    """Parse YAML text; raise a Problem-carrying ValueError on any fault."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise YamlProblem(Problem(file, None, "", f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; archkit data files are small, check the path"))
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.load(text, Loader=yaml.SafeLoader) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "<stream end>" in (exc.problem or ""):
            mark = exc.context_mark  # the unclosed construct, not the end of the file
        line = mark.line + 1 if mark else None
        what = (exc.problem or str(exc)).strip()
        raise YamlProblem(Problem(file, line, "", f"not valid YAML: {what}")) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(file, None, "", f"not valid YAML: {exc}")) from None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return Located(data, lines, file)


def load_file(path: Path, display: str | None = None) -> Located:
    display = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise YamlProblem(Problem(display, None, "", f"cannot read file: {exc.strerror}")) from None
    if len(raw) > MAX_BYTES:
        raise YamlProblem(Problem(display, None, "", f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; archkit data files are small, check the path"))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise YamlProblem(Problem(display, None, "", "file is not UTF-8 text")) from None
    return load_text(text, display)


class YamlProblem(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
