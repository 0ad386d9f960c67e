"""The pycep-shaped view of a Bicep file, built from the tree-sitter-bicep tree.

pycep-parser rejects some valid Bicep (a `for` loop with an `if` filter, a decorator on a
member of a user-defined type, an object type written inline, lambdas with two arguments,
`assert`, literal-union types...). When it does and tree-sitter-bicep reads the file without
error, this module builds the same dictionary pycep would have (``parameters``,
``modules``, ``resources`` with nested children named ``parent__child``), so the reference,
type, API-version and property checks still run. Values keep their shape where our checks
look at them (objects, arrays, literals); any other expression becomes
``{"function": {"text": ...}}``, which every check treats as an opaque expression.
"""

from __future__ import annotations

from .bicep_rewrite import for_tree_sitter
from .bicep_ts import _LOCK, _parser

_LITERALS = {"true": True, "false": False, "null": None}


PARTIAL = "__partial__"  # set when declarations with a syntax error were left out


def model(text: str, partial: bool = False) -> dict | None:
    """pycep's dictionary for ``text`` (already rewritten); None when tree-sitter-bicep is not
    installed, or finds a syntax error and ``partial`` is false. With ``partial``, the
    top-level declarations that hold no error are kept (tree-sitter recovers around an
    error), so a file with one broken declaration still has the others checked; the result
    then carries ``PARTIAL``: its parameter list may be incomplete."""
    parser = _parser()
    if parser is None:
        return None
    data = for_tree_sitter(text).encode("utf-8")
    with _LOCK:
        root = parser.parse(data).root_node
    if root.has_error and not partial:
        return None
    out: dict = {"parameters": {}, "modules": {}, "resources": {}}
    if root.has_error:
        out[PARTIAL] = True
    for node in root.named_children:
        if node.has_error:
            continue
        if node.type == "parameter_declaration":
            _parameter(node, out["parameters"])
        elif node.type == "module_declaration":
            _module(node, out["modules"])
        elif node.type == "resource_declaration":
            _resource(node, out["resources"], None)
    return out


def _text(node) -> str:
    return node.text.decode("utf-8", "replace")


def _lines(node) -> dict:
    return {"__start_line__": node.start_point[0] + 1, "__end_line__": node.end_point[0] + 1}


def _string(node) -> str:
    """A string literal's text, `${...}` kept as written (checks skip interpolated types)."""
    raw = _text(node)
    quote = "'''" if raw.startswith("'''") else "'"
    return raw[len(quote):-len(quote)] if len(raw) >= 2 * len(quote) else raw


def _value(node):
    kind = node.type
    if kind == "object":
        body: dict = {}
        for prop in node.named_children:
            if prop.type != "object_property" or not prop.named_children:
                continue
            key, *rest = [c for c in prop.named_children if c.type != "comment"]
            if key.type == "resource_declaration" or not rest:
                continue  # a nested child resource: collected by _resource
            name = _string(key) if key.type == "string" else _text(key)
            body[name] = _value(rest[-1])
        return body
    if kind == "array":
        return [_value(item) for item in node.named_children if item.type != "comment"]
    if kind == "string":
        return _string(node)
    if kind == "number":
        try:
            return int(_text(node))
        except ValueError:
            return _text(node)
    if kind in ("boolean", "null"):
        return _LITERALS.get(_text(node).strip())
    if kind == "identifier":
        return _text(node)  # pycep also gives a bare reference as its name
    if kind == "for_statement":
        return _loop(node)
    if kind == "if_statement":
        cond, body = _pair(node)
        return {"condition": {"function": {"text": cond}}, "config": _value(body) if body is not None else None}
    return {"function": {"text": _text(node)}}


def _pair(node):
    """(condition text, body node) of an `if (...) {...}`."""
    parts = node.named_children
    cond = _text(parts[0]) if parts else ""
    return cond, (parts[-1] if len(parts) > 1 else None)


def _loop(node) -> dict:
    body = node.child_by_field_name("body") or (node.named_children[-1] if node.named_children else None)
    condition = None
    if body is not None and body.type == "if_statement":
        cond, body = _pair(body)
        condition = {"function": {"text": cond}}
    return {"loop_type": {"type": "expression", "detail": {"text": _text(node)}}, "condition": condition,
            "config": _value(body) if body is not None else None}


def _head(node) -> tuple[str, str, object]:
    """(symbol, quoted target, body node) of a resource or module declaration."""
    names = [c for c in node.named_children if c.type == "identifier"]
    target = next((c for c in node.named_children if c.type == "string"), None)
    body = next((c for c in node.named_children if c.type in ("object", "for_statement", "if_statement")), None)
    return (_text(names[0]) if names else "", _string(target) if target is not None else "", body)


def _parameter(node, out: dict) -> None:
    parts = node.named_children
    if not parts:
        return
    default = None
    if any(c.type == "=" for c in node.children) and len(parts) >= 3:
        default = _value(parts[-1])
        if default is None:
            default = {"function": {"text": "null"}}  # `= null` is a default all the same
    out[_text(parts[0])] = {"decorators": [], "type": _text(parts[1]) if len(parts) > 1 else "",
                            "default": default, **_lines(node)}


def _module(node, out: dict) -> None:
    sym, target, body = _head(node)
    if target.startswith(("br:", "br/")):
        kind, detail = "bicep_registry", {"full": target}
    elif target.startswith(("ts:", "ts/")):
        kind, detail = "template_spec", {"full": target}
    else:
        kind, detail = "local", {"full": target, "path": target}
    out[sym] = {"decorators": [], "type": kind, "detail": detail,
                "config": _value(body) if body is not None else {}, **_lines(node)}


def _resource(node, out: dict, parent: tuple[str, str, str] | None) -> None:
    """pycep's entry for one resource; ``parent`` is (name, type, API version) of its parent."""
    sym, target, body = _head(node)
    arm_type, _, version = target.rpartition("@") if "@" in target else (target, "", "")
    name = sym
    if parent is not None:
        # as pycep writes a nested child: the parent's type, then the child's text with its
        # own `@version` if it has one (bicep.resources() turns that into type and version)
        name = f"{parent[0]}__{sym}"
        arm_type, version = f"{parent[1]}/{target}", version or parent[2]
    config = _value(body) if body is not None else {}
    out[name] = {"decorators": [], "type": arm_type, "api_version": version,
                 "existing": any(c.type == "existing" for c in node.children), "config": config, **_lines(node)}
    for child in _nested(body):
        _resource(child, out, (name, arm_type, version))


def _nested(body):
    """Child resource declarations directly inside a resource body (through `for` / `if`)."""
    while body is not None and body.type in ("for_statement", "if_statement"):
        body = body.child_by_field_name("body") or (body.named_children[-1] if body.named_children else None)
    if body is None or body.type != "object":
        return
    for prop in body.named_children:
        if prop.type == "object_property":
            for c in prop.named_children:
                if c.type == "resource_declaration":
                    yield c
