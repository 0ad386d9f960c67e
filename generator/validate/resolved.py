"""claim-resolved: a checklist claim about Terraform must hold on the value that reaches the resource.

The literal check (rule ``claim``) reads the module text. tfparse (an optional dependency,
``archkit[validate]``) evaluates the whole module tree the way Terraform would: variables,
defaults, module inputs, locals, ``count`` / ``for_each`` and ``dynamic`` blocks. A claim
such as ``infra/modules/ai-foundry/main.tf: local_auth_enabled = false`` is then checked on
every instance of the resource that module creates:

* ``local_auth_enabled = var.local_auth_enabled`` whose default is false, while the caller
  passes true: fails, although the module text looks right;
* a ``dynamic "network_acls"`` block whose ``for_each`` the caller empties, or a resource
  whose ``count`` drops to 0: fails, the claimed setting never reaches Azure;
* an expression that resolves to the claimed value: passes, where the literal check alone
  cannot prove it.

Each root module is evaluated once per ``.tfvars`` file that feeds it (every environment
must keep the claim), or once with its defaults when it has none. tfparse returns ``{}``
silently on a syntax error, so this runs only when the parsers found none.
"""

from __future__ import annotations

import functools
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from .sources import read_source, rel

MISSING_NOTE = ("tfparse not installed: Terraform checklist claims checked on the literal text only, "
                "not on resolved module inputs (install archkit[validate])")
_LOCK = threading.Lock()
UNKNOWN = object()  # a value tfparse could not evaluate (a reference it left symbolic)


@functools.lru_cache(maxsize=1)
def _loader():
    try:
        from tfparse import load_from_path
    except (ImportError, OSError):
        return None
    return load_from_path


def available() -> bool:
    return _loader() is not None


@dataclass
class Candidate:
    """A literal resource block that could make a claim true (see claims._shape)."""

    for_each: bool = False  # the block itself has for_each
    dynamic_for_each: list = field(default_factory=list)  # for_each of dynamic blocks on the claim's path


@dataclass
class Instance:
    """One resource instance tfparse produced, e.g. module.key_vault.azurerm_key_vault.this."""

    address: str  # full instance path
    resource: str  # TYPE.NAME inside its module: which block of the file created it
    module: str  # the module instance path ("" for the root module), e.g. module.key_vault
    body: dict
    context: str  # the .tfvars files it was evaluated with, or "" for the defaults
    inputs: dict  # variable name -> resolved value (UNKNOWN when tfparse could not resolve it)


def _auto_loaded(path: Path, module_dir: Path) -> bool:
    return path.parent == module_dir and (path.name == "terraform.tfvars" or path.name.endswith(".auto.tfvars"))


def _split(path: str) -> list[str]:
    """`module.a["x"].azurerm_thing.this[0]` -> ['module', 'a["x"]', 'azurerm_thing', 'this[0]']."""
    return re.findall(r'(?:[^.\["]+|\[[^\]]*\]|"[^"]*")+', path)


def _resource_of(path: str) -> str:
    """`module.a["x"].azurerm_thing.this[0]` -> `azurerm_thing.this`."""
    parts = [re.sub(r"\[[^\]]*\]$", "", p) for p in _split(path)]
    return ".".join(parts[-2:]) if len(parts) >= 2 else path


def _module_of(path: str) -> str:
    return ".".join(_split(path)[:-2])


def _value(v):
    """tfparse leaves what it cannot evaluate as {'__attribute__': ...} or null."""
    if v is None or (isinstance(v, dict) and "__attribute__" in v):
        return UNKNOWN
    return v


class Resolver:
    """Resolved resource instances by repository-relative file name, evaluated lazily once.

    ``uncertain`` names module directories some caller instantiates with ``for_each``: tfparse
    creates no instance when a for_each is unknown, so "never created" proves nothing there.
    """

    def __init__(self, root: Path, roots: list[Path], tfvars: dict[Path, list[Path]], uncertain: set[str] = frozenset()):
        self.root = root
        self.roots = roots  # root module directories
        self.tfvars = tfvars  # root module directory -> the .tfvars files that feed it
        self.uncertain = set(uncertain)
        self._by_file: dict[str, list[Instance]] | None = None
        self.failed = False  # some evaluation failed: absence proves nothing
        self.notes: list[str] = []

    def instances(self, file: str) -> list[Instance]:
        if self._by_file is None:
            self._by_file = self._evaluate()
        return self._by_file.get(file, [])

    @property
    def ran(self) -> bool:
        """Whether tfparse was run (there were Terraform claims to check)."""
        return self._by_file is not None

    def _evaluate(self) -> dict[str, list[Instance]]:
        load = _loader()
        by_file: dict[str, list[Instance]] = {}
        for module_dir in self.roots:
            files = self.tfvars.get(module_dir) or []
            # Terraform always loads terraform.tfvars and *.auto.tfvars of the root module (tfparse
            # does not): they go first, then each other .tfvars file in turn, as `-var-file`
            auto = sorted((f for f in files if _auto_loaded(f, module_dir)), key=lambda f: (f.name != "terraform.tfvars", f.name))
            contexts = [f for f in files if f not in auto] or [None]
            for tfvars in contexts:
                chosen = auto + ([tfvars] if tfvars else [])
                label = " + ".join(rel(self.root, f) for f in chosen)
                try:
                    vars_paths = [str(f.relative_to(module_dir)) for f in chosen] or None
                    with _LOCK:  # one evaluation at a time: the Go library's thread safety is not documented
                        data = load(str(module_dir), vars_paths=vars_paths)
                except Exception as exc:  # noqa: BLE001 - tfparse raises ParseError and Go errors alike
                    self.failed = True
                    self.notes.append(f"tfparse could not evaluate {rel(self.root, module_dir)}/"
                                      f"{' with ' + label if label else ''} ({str(exc).splitlines()[0][:160]}): "
                                      "claims there checked on the literal text only")
                    continue
                inputs = _inputs(data or {}, chosen)
                for instances in (data or {}).values():
                    for body in instances if isinstance(instances, list) else []:
                        meta = body.get("__tfmeta") if isinstance(body, dict) else None
                        if not meta or meta.get("type") != "resource" or not meta.get("filename"):
                            continue
                        address = meta.get("path", "")
                        module = _module_of(address)
                        file = rel(self.root, (module_dir / meta["filename"]).resolve())
                        by_file.setdefault(file, []).append(
                            Instance(address, _resource_of(address), module, body, label, inputs.get(module, {})))
        return by_file


def _inputs(data: dict, tfvars: list[Path]) -> dict[str, dict]:
    """Module instance path -> {variable: resolved value}: what a caller passes, else the default.

    Root variables take the .tfvars values, else their default.
    """
    from .terraform import parse_text, walk_strings

    out: dict[str, dict] = {}
    for var in data.get("variable") or []:
        path = (var.get("__tfmeta") or {}).get("path", "")
        parts = _split(path)
        if len(parts) < 2 or parts[-2] != "variable":
            continue
        module = ".".join(parts[:-2])
        out.setdefault(module, {})[parts[-1]] = _value(var["default"]) if "default" in var else UNKNOWN
    for call in data.get("module") or []:
        module = (call.get("__tfmeta") or {}).get("path", "")
        for name, value in call.items():
            if name in out.get(module, {}):
                out[module][name] = _value(value)
    root = out.setdefault("", {})
    for file in tfvars:
        text, _problem = read_source(file.parent, file)  # bounded, regular files only
        blocks = parse_text(text, file.name)[0] if text is not None else None
        for block in blocks or []:
            for name, attr in block.attrs.items():
                literal = not any("${" in s for s in walk_strings(attr.value))
                root[name] = attr.value if literal else UNKNOWN
    return out


_REFERENCE = re.compile(r"\b([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)")


def _decidable(expression, inputs: dict) -> bool:
    """Whether tfparse knew the value of a for_each expression: it reads only variables with a
    known value (a caller's literal, a default, a .tfvars value) and literals."""
    if expression is None:
        return False
    if not isinstance(expression, str):
        return True  # a literal list or map
    code = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expression)  # string literals cannot reference anything
    for kind, name in _REFERENCE.findall(code):
        if kind != "var" or inputs.get(name, UNKNOWN) is UNKNOWN:
            return False  # locals, resources, data sources, modules or an unknown input
    return True


def resolved_values(body, path: list[str]) -> list:
    """Every value at ``path``; what tfparse could not evaluate becomes UNKNOWN."""
    from .claims import values_at

    return [_value(v) for v in values_at(body, path)]


def verdict(resolver: Resolver, file: str, path: str, value: str, candidates: dict,
            context: str | None = None) -> tuple[str, str]:
    """("pass" | "fail" | "unknown", why) for the claim on the blocks ``candidates`` (TYPE.NAME -> Candidate).

    The claim holds when at least one candidate block is created at least once and every
    instance of it, in every environment (or in ``context``, one .tfvars file), resolves
    ``path`` to ``value``. Whatever tfparse
    could not evaluate leaves the verdict "unknown", so the literal check decides.
    """
    from .claims import normalise

    keys = [k for k in path.split(".") if k]
    want = normalise(value)
    instances = [i for i in resolver.instances(file) if i.resource in candidates]
    if context is not None:  # one environment only: the instances evaluated with that .tfvars file
        instances = [i for i in instances if context in i.context.split(" + ")]
    module_dir = file.rsplit("/", 1)[0]
    problems: list[str] = []
    unknown = False
    for resource, shape in sorted(candidates.items()):
        mine = [i for i in instances if i.resource == resource]
        if not mine:
            if shape.for_each or module_dir in resolver.uncertain or resolver.failed:
                unknown = True  # an unknown for_each also yields no instance
            else:
                problems.append(f"{resource} is never created once module inputs are resolved "
                                "(its module is not called, or its count is 0)")
            continue
        bad = []
        maybe = False
        for inst in mine:
            seen = resolved_values(inst.body, keys)
            where = inst.address + (f" with {inst.context}" if inst.context else "")
            known = {normalise(v) for v in seen if v is not UNKNOWN}
            if want in known:
                continue  # as in the literal check, one matching value among fanned-out blocks will do
            if seen and UNKNOWN not in seen:
                bad.append(f"{path} resolves to {', '.join(sorted(known))[:80]} on {where}")
            elif not seen and shape.dynamic_for_each and all(_decidable(e, inst.inputs) for e in shape.dynamic_for_each):
                bad.append(f"{path} is not set on {where} (a dynamic block's for_each is empty for these inputs)")
            else:
                maybe = True  # unevaluated, or absent for a reason tfparse cannot show
        if not bad and not maybe:
            return "pass", ""
        if bad:
            problems.append(bad[0] + (f" (and {len(bad) - 1} more instance(s))" if len(bad) > 1 else ""))
        else:
            unknown = True
    if unknown:
        return "unknown", ""
    return "fail", "; ".join(problems[:2])
