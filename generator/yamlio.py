"""Safe YAML loading that remembers where every value came from.

Only the safe loader is used: tags such as ``!!python/object`` are rejected.
Line numbers let every error read ``file:line: field: problem``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem

MAX_BYTES = 2 * 1024 * 1024
# archkit's data files nest a dozen levels at most; deeper is a mistake or an attack
# (libyaml's composer recurses in C: a million `[` crash the interpreter).
MAX_DEPTH = 64
# Values after alias expansion: a 500-byte "billion laughs" expands to 10^9.
MAX_NODES = 250_000
# Every nesting level needs one of these characters; below this many a document cannot be
# deep enough to hurt the composer, so the event pre-scan is skipped (it costs a third of a parse).
_INDICATORS = "[{-?:"
_SCAN_ABOVE = 5_000
# libyaml's parser when PyYAML was built with it; same safe constructor and resolver
_FastLoader = getattr(yaml, "CSafeLoader", None)


class Located:
    """A parsed document plus a map from JSON path (tuple) to 1-based line."""

    def __init__(self, data: Any, lines: dict[tuple, int], file: str):
        self.data, self.lines, self.file = data, lines, file

    def line_of(self, path) -> int | None:
        path = tuple(path)
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)


class _TooBig(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


def _too_deep(line: int) -> _TooBig:
    return _TooBig(line, f"nested deeper than {MAX_DEPTH} levels; archkit data files are shallow "
                         "(is this the right file?)")


def _scan_depth(text: str) -> None:
    """Refuse a document nested deeper than MAX_DEPTH, from the event stream (the parsers
    are iterative; only the composers recurse)."""
    from yaml.events import CollectionEndEvent, CollectionStartEvent

    for loader_class in (c for c in (_FastLoader, yaml.SafeLoader) if c is not None):
        loader = loader_class(text)
        depth = 0
        try:
            while loader.check_event():
                event = loader.get_event()
                if isinstance(event, CollectionStartEvent):
                    depth += 1
                    if depth > MAX_DEPTH:
                        raise _too_deep(event.start_mark.line + 1)
                elif isinstance(event, CollectionEndEvent):
                    depth -= 1
            return
        except yaml.YAMLError:
            if loader_class is yaml.SafeLoader:
                raise  # the reference parser's message is the one reported
        finally:
            loader.dispose()


def _children(node: yaml.Node) -> list:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return node.value
    return []


def _check_aliases(root: yaml.Node) -> None:
    """Refuse alias graphs that expand past MAX_NODES values or MAX_DEPTH levels, or that
    contain themselves. Memoised per node, so a billion laughs costs its own size."""
    done: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth) once expanded
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, finished = stack.pop()
        key = id(node)
        kids = _children(node)
        if finished:
            open_.discard(key)
            size = 1 + sum(done[id(k)][0] for k in kids)
            depth = 1 + max((done[id(k)][1] for k in kids), default=0)
            line = node.start_mark.line + 1
            if size > MAX_NODES:
                raise _TooBig(line, f"aliases expand to more than {MAX_NODES:,} values (a 'billion laughs' "
                                    "document); write the values out or use fewer aliases")
            if depth > MAX_DEPTH:
                raise _too_deep(line)
            done[key] = (size, depth)
        elif key in done:
            continue
        elif key in open_:
            raise _TooBig(node.start_mark.line + 1, "an alias refers to a value that contains it (a recursive alias)")
        elif not kids:
            done[key] = (1, 1)
        else:
            open_.add(key)
            stack.append((node, True))
            stack.extend((k, False) for k in kids if id(k) not in done)


def _walk(node: yaml.Node, path: tuple, lines: dict) -> None:
    if len(path) >= MAX_DEPTH:
        raise _too_deep(node.start_mark.line + 1)
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict = {}
        for k, v in node.value:
            key = k.value
            if isinstance(k, yaml.ScalarNode) and key != "<<":
                if key in seen:  # YAML would keep the last silently: the first one's data would be lost
                    raise _TooBig(k.start_mark.line + 1, f"duplicate key {key!r} (first on line {seen[key]}); "
                                                         "YAML keeps only the last one: merge them into one")
                seen[key] = k.start_mark.line + 1
            lines[path + (key,)] = k.start_mark.line + 1
            _walk(v, path + (key,), lines)
            lines[path + (key,)] = k.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _walk(v, path + (i,), lines)


def _compose_construct(text: str, loader_class) -> tuple[yaml.Node | None, Any]:
    """One pass: the node tree (it carries the line marks) and the data built from it.

    This is what ``yaml.compose`` and then ``yaml.load`` did in two passes:
    ``load`` is ``construct_document(get_single_node())``. Aliases are checked in
    between: construction (merge keys above all) is where an alias bomb would explode.
    """
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is not None and "*" in text:
            _check_aliases(node)
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


# Where libyaml and PyYAML's pure-Python scanner read the same text differently: tabs,
# a byte-order mark after the start, a tag token (``!`` on an empty node), a comment
# glued to a block scalar header (``>-#``). Found by differential fuzzing of the catalog.
_LIBYAML_DIFFERS = re.compile(r"\t|\ufeff|(?:^|[\s\[{,])!|[|>][0-9+-]*#", re.M)


def _plain_question_in_flow(node: yaml.Node, in_flow: bool = False) -> bool:
    """A plain scalar holding ``?`` inside a flow collection: libyaml reads it as text,
    PyYAML's scanner ends the scalar there (and rejects the document)."""
    if isinstance(node, yaml.ScalarNode):
        return in_flow and not node.style and "?" in node.value  # plain: None (PyYAML), "" (libyaml)
    in_flow = in_flow or bool(node.flow_style)
    if isinstance(node, yaml.MappingNode):
        return any(_plain_question_in_flow(k, in_flow) or _plain_question_in_flow(v, in_flow) for k, v in node.value)
    return any(_plain_question_in_flow(v, in_flow) for v in node.value)


def _parse(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse with libyaml when it is there, else (or when it may disagree) with PyYAML.

    PyYAML's pure-Python loader is the reference: its error messages and marks are the
    ones archkit reports, and what it rejects stays rejected. libyaml's result is used
    only when it parsed without error, the document is not empty, and the text has none
    of the constructs the two are known to read differently (``_LIBYAML_DIFFERS``, and
    ``?`` inside a flow plain scalar); anything else is parsed again by PyYAML.
    """
    body = text[1:] if text.startswith("\ufeff") else text
    if sum(body.count(c) for c in _INDICATORS) > _SCAN_ABOVE:
        _scan_depth(text)
    try:
        return _parse_bounded(text, body)
    except RecursionError:  # PyYAML's composer recurses: a few hundred levels are enough
        _scan_depth(text)  # raises with the line
        raise _too_deep(1) from None


def _parse_bounded(text: str, body: str) -> tuple[yaml.Node | None, Any]:
    if _FastLoader is not None and not _LIBYAML_DIFFERS.search(body):
        try:
            node, data = _compose_construct(text, _FastLoader)
        except _TooBig:
            raise
        except Exception:  # noqa: BLE001 - PyYAML below raises its own error (or agrees)
            pass
        else:
            if data is not None and ("?" not in text or not _plain_question_in_flow(node)):
                return node, data
    return _compose_construct(text, yaml.SafeLoader)


def load_text(text: str, file: str) -> Located:
    """Parse YAML text; raise a Problem-carrying ValueError on any fault."""
    if len(text.encode("utf-8", "replace")) > MAX_BYTES:
        raise YamlProblem(Problem(file, None, "", f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; archkit data files are small, check the path"))
    try:
        node, data = _parse(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and "<stream end>" in (exc.problem or ""):
            mark = exc.context_mark  # the unclosed construct, not the end of the file
        line = mark.line + 1 if mark else None
        what = (exc.problem or str(exc)).strip()
        raise YamlProblem(Problem(file, line, "", f"not valid YAML: {what}")) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(file, None, "", f"not valid YAML: {exc}")) from None
    except _TooBig as exc:
        raise YamlProblem(Problem(file, exc.line, "", exc.message)) from None
    lines: dict[tuple, int] = {}
    if node is not None:
        try:
            _walk(node, (), lines)
        except _TooBig as exc:
            raise YamlProblem(Problem(file, exc.line, "", exc.message)) from None
    return Located(data, lines, file)


def load_file(path: Path, display: str | None = None) -> Located:
    from .safeio import FileTooLarge, NotRegularFile, read_regular

    display = display or str(path)
    try:
        raw = read_regular(path, MAX_BYTES)
    except FileTooLarge:
        raise YamlProblem(Problem(display, None, "", f"file is larger than {MAX_BYTES // (1024 * 1024)} MB; archkit data files are small, check the path")) from None
    except NotRegularFile as exc:
        raise YamlProblem(Problem(display, None, "", f"cannot read file: {exc.strerror}; archkit reads data "
                                                     "from regular files only")) from None
    except OSError as exc:
        raise YamlProblem(Problem(display, None, "", f"cannot read file: {exc.strerror}")) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise YamlProblem(Problem(display, None, "", "file is not UTF-8 text")) from None
    return load_text(text, display)


class YamlProblem(ValueError):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
