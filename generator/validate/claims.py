"""Checklist claims: a ticked "satisfied by `FILE: PATH = VALUE`" must be true of the code.

Findings point at the checklist line, because that is the statement that is wrong.
"""

from __future__ import annotations

import re
from pathlib import Path

from .findings import Finding, error
from .sources import read_source, rel

DYNAMIC = "__dynamic_for_each__"  # key under which _as_dict keeps a dynamic block's for_each
_TICKED = re.compile(r"^\s*[-*+]\s*\[[xX]\]")
_EVIDENCE = re.compile(r"^\s*(?P<file>[^:`]+?):\s*(?P<path>[^=`]+?)\s*=\s*(?P<value>.+?)\s*$")


def parse_line(text: str) -> list[tuple[str, str, str]] | None:
    """(file, path, value) for each piece of evidence on a ticked line; None if it has none."""
    if not _TICKED.match(text) or "satisfied by" not in text:
        return None
    tail = text.split("satisfied by", 1)[1]
    spans = re.findall(r"`([^`]+)`", tail)
    claims = []
    for span in spans:
        for part in span.split("; "):  # several settings may share one pair of backticks
            m = _EVIDENCE.match(part)
            if m:
                claims.append((m["file"].strip(), m["path"].strip(), m["value"].strip()))
    return claims


def normalise(value) -> str:
    """One spelling for a value in HCL, Bicep or the checklist: true, 90, 'x' and "x" alike."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else str(value)
    if value is None:
        return "null"
    if isinstance(value, (dict, list)):
        return "(an expression)"  # pycep's view of a function call or operator: never equals a literal
    text = str(value).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def values_at(body, path: list[str]):
    """Every value reached by following ``path``; lists (HCL blocks, arrays) fan out."""
    if not path:
        yield body
        return
    if isinstance(body, list):
        for item in body:
            yield from values_at(item, path)
        return
    if not isinstance(body, dict):
        return
    key, rest = path[0], path[1:]
    for k, v in body.items():
        if str(k).strip("'\"") == key:
            yield from values_at(v, rest)


def _bicep_bodies(root: Path, file: Path):
    from .bicep import parse_file, resources

    bf, _ = parse_file(root, file)
    if bf is None or bf.data is None:
        return None
    return [(sym, body) for sym, _t, _v, existing, body, _a, _b in resources(bf) if not existing]


def _tf_bodies(root: Path, file: Path):
    from .terraform import parse_text

    text, problem = read_source(root, file)
    if problem:
        return None
    blocks, _ = parse_text(text, rel(root, file))
    if blocks is None:
        return None
    return [(".".join(b.labels), _as_dict(b)) for b in blocks if b.type == "resource"]


def _as_dict(block) -> dict:
    """A block as python-hcl2 would give it: attributes as values, nested blocks as lists."""
    d: dict = {k: a.value for k, a in block.attrs.items()}
    for child in block.blocks:
        if child.type == "dynamic" and child.labels:
            content = next(iter(child.children("content")), None)
            if content is not None:
                body = _as_dict(content)
                for_each = child.attrs.get("for_each")
                # kept for the resolved check: a dynamic block may be dropped by its inputs
                body[DYNAMIC] = for_each.value if for_each is not None else None
                d.setdefault(child.labels[0], []).append(body)
        else:
            d.setdefault(child.type, []).append(_as_dict(child))
    return d


def check(root: Path, resolver=None) -> list[Finding]:
    """``claim`` findings on the literal text; with a ``resolved.Resolver``, Terraform claims are
    also checked on resolved values (``claim-resolved``); structural claims (``FILE: check
    NAME``) are re-proven on the file (``claim-structure``). Every claim a ticked line cites,
    and every piece of evidence a "partly done" line lists, must hold; each finding names the
    item. A tick without cited claims is the team's own and is not checked."""
    from ..checklists.lines import parse

    findings: list[Finding] = []
    docs = root / "docs" / "checklists"
    if not docs.is_dir():
        return findings
    cache: dict[Path, list | None] = {}
    for md in sorted(docs.glob("*.md")):
        text, problem = read_source(root, md)
        if problem:
            findings.append(problem)
            continue
        for n, line in enumerate(text.splitlines(), 1):
            item = parse(line)
            if item is None or not item.claims:
                continue
            how = "ticked as done" if item.ticked else "listed as partly done"
            for c in item.claims:
                if c.check:
                    rule, problem = "claim-structure", _check_structure(root, c)
                else:
                    rule, problem = _check_one(root, c.file, c.path, c.value, cache, resolver)
                if problem:
                    # docs/errors.md gives the fix: restore what earned it, or untick and drop the citation
                    findings.append(error(rel(root, md), n, rule, f"{item.id} ({how}) cites `{c.text}`: {problem}"))
    return findings


def _check_structure(root: Path, claim) -> str | None:
    from ..checklists.structure import run

    target = (root / claim.file).resolve()
    if not target.is_relative_to(root.resolve()) or not target.is_file():
        return f"{claim.file} does not exist"
    text, problem = read_source(root, target)
    if problem:
        return f"{claim.file} cannot be read"
    return run(claim.check, claim.value, text, claim.file, _role_ids() if claim.check == "role" else None)


def _role_ids() -> dict[str, str]:
    """Built-in role name -> role definition id (catalog/components.yaml): fixed Azure values."""
    from ..catalog import load_catalog

    return {r.name: r.id for r in load_catalog().roles.values()}


def _shape(body: dict, keys: list[str]):
    """What the resolved check must know of a literal block: its for_each, and the for_each
    of every dynamic block on the way to the claimed key."""
    from .resolved import Candidate

    dynamic: list = []
    level = [body]
    for key in keys[:-1]:
        nxt = []
        for item in level:
            for k, v in (item.items() if isinstance(item, dict) else []):
                if str(k).strip("'\"") == key:
                    for sub in v if isinstance(v, list) else [v]:
                        if isinstance(sub, dict):
                            if DYNAMIC in sub:
                                dynamic.append(sub[DYNAMIC])
                            nxt.append(sub)
        level = nxt
    return Candidate(for_each="for_each" in body, dynamic_for_each=dynamic)


def _is_expression(normalised: str) -> bool:
    return "${" in normalised or normalised == "(an expression)"


def _check_one(root: Path, file: str, path: str, value: str, cache, resolver=None,
               context: str | None = None) -> tuple[str, str | None]:
    """(rule, problem or None) for one claim; ``context`` limits the resolved check to one .tfvars file."""
    target = (root / file).resolve()
    if not target.is_relative_to(root.resolve()) or not target.is_file():
        return "claim", f"{file} does not exist"
    if target not in cache:
        cache[target] = _bicep_bodies(root, target) if target.suffix == ".bicep" else _tf_bodies(root, target)
    bodies = cache[target]
    if bodies is None:
        return "claim", f"{file} cannot be parsed, so the claim cannot be checked"
    keys = [k for k in re.split(r"\.", path) if k]
    blocks = [(label, [normalise(v) for v in values_at(body, keys)]) for label, body in bodies]
    seen = [v for _label, values in blocks for v in values]
    if not seen:
        return "claim", f"no resource in {file} sets {path}"
    want = normalise(value)
    problem = None
    if want not in seen:
        problem = f"{path} is {', '.join(sorted(set(seen)))[:120]} in {file}, not {value}"
    if resolver is not None and target.suffix == ".tf":
        # the blocks that could make the claim true: the literal value, or an expression
        candidates = {label: _shape(body, keys) for (label, body), (_l, values) in zip(bodies, blocks)
                      if want in values or any(_is_expression(v) for v in values)}
        if candidates:
            from .resolved import verdict

            state, why = verdict(resolver, rel(root, target), path, value, candidates, context)
            if state == "pass":
                return "claim", None  # proven on the value that reaches the resource
            if state == "fail":
                return "claim-resolved", why
    return "claim", problem
