"""Does a repository's current code still carry what its platform kit mandates?

Read from the code as it is now (not from the render): the kit's mandatory tags, applied
after every other tag source and on every taggable resource; its allowed regions, enforced
by the `location` parameter and used by every environment's values; its policy assignments;
and the files its overlay adds. `archkit validate` reports each gap as a `kit-conformance`
error, and `archkit check` / `archkit status` count them.

The kit is the one recorded in `.archkit/answers.yml`, at its recorded commit.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..validate.findings import Finding, error

RULE = "kit-conformance"
_BICEP_MAIN = "infra/main.bicep"


def recorded_kit(root: Path):
    """(kit, recorded answers) for the repository, or (None, recorded) when it records no kit."""
    from ..update import state
    from . import load_recorded_kit

    rec = state.read(root)
    if not rec.kit:
        return None, rec
    return load_recorded_kit(rec.kit, pinned=True, root=root), rec


def check(root: Path, oracles=None, kit=None) -> list[Finding]:
    """Findings for `archkit validate`; [] for a repository without a kit.

    ``kit``: the recorded kit when the caller has loaded it already (at the recorded commit).
    """
    root = Path(root)
    if not (root / ".archkit" / "answers.yml").is_file():
        return []
    if kit is None:
        kit, rec = recorded_kit(root)
    else:
        from ..update import state

        rec = state.read(root)
    if kit is None:
        return []
    applied = kit.tags(rec.answers.get("tags") or {})
    mandated = {t.name: applied[t.name] for t in kit.tags_ if t.name in applied}
    ctx = _Context(root, kit, mandated, oracles)
    if rec.answers.get("iac") == "bicep":
        ctx.bicep()
    else:
        ctx.terraform()
    ctx.policies(".bicep" if rec.answers.get("iac") == "bicep" else ".tf")
    ctx.files()
    return ctx.findings


def conformance_findings(root: Path, kit=None) -> list[str]:
    """The same findings as one line each (for `archkit check` and `archkit status`)."""
    from ..paths import oracles_dir
    from ..validate import load_oracles

    folder = oracles_dir()
    return [str(f) for f in check(Path(root), load_oracles(folder) if folder else None, kit)]


class _Context:
    def __init__(self, root: Path, kit, mandated: dict, oracles):
        self.root, self.kit, self.mandated, self.oracles = root, kit, mandated, oracles
        self.findings: list[Finding] = []
        self.label = f"kit {kit.name} {kit.version}"

    def add(self, file: str, line: int, message: str) -> None:
        self.findings.append(error(file, line, RULE, f"{message} ({self.label})"))

    # --- Terraform ---------------------------------------------------------------------------

    def terraform(self) -> None:
        from ..validate import terraform as tf

        modules, tfvars, _ = tf.load(self.root)
        roots = [m for m in modules.values() if m.root]
        if not roots:
            return
        main = next((m for m in roots if m.rel == "infra"), roots[0])
        locals_ = {name: (a, b.file) for b in main.of("locals") for name, a in b.attrs.items()}
        if self.mandated:
            self._tf_tags(locals_, main)
        for m in modules.values():
            self._tf_taggable(m)
        if self.kit.regions:
            self._tf_regions(main, tfvars)

    def _tf_tags(self, locals_: dict, main) -> None:
        kit_tags = locals_.get("kit_tags")
        where = locals_.get("tags", (None, "infra/locals.tf"))[1]
        if kit_tags is None or not isinstance(kit_tags[0].value, dict):
            self.add(where, locals_["tags"][0].line if "tags" in locals_ else 1,
                     "local.kit_tags is missing: the kit's mandatory tags "
                     f"({', '.join(self.mandated)}) are not applied")
            return
        attr, file = kit_tags
        for name, value in self.mandated.items():
            got = attr.value.get(name)
            if got is None:
                self.add(file, attr.line, f"mandatory tag {name!r} is missing from local.kit_tags")
            elif str(got) != value:
                self.add(file, attr.line, f"mandatory tag {name!r} is {got!r} in local.kit_tags; the kit requires {value!r}")
        tags = locals_.get("tags")
        expr = re.sub(r"\s+", "", str(tags[0].value)) if tags else ""
        if not expr.endswith(",local.kit_tags)}"):
            self.add(tags[1] if tags else file, tags[0].line if tags else attr.line,
                     "local.tags must merge local.kit_tags last (merge(..., var.tags, local.kit_tags)) so the "
                     "kit's mandatory tags cannot be overridden")

    def _tf_taggable(self, m) -> None:
        for b in m.of("resource"):
            if len(b.labels) < 2:
                continue
            rtype = b.labels[0]
            schema = self.oracles.azurerm(rtype) if self.oracles is not None else None
            tags_arg = (schema or {}).get("arguments", {}).get("tags")
            if not tags_arg or not str(tags_arg.get("type", "")).startswith("map"):
                continue  # untaggable, or `tags` that are the service's own labels (APIM named values)
            value = b.attrs.get("tags")
            want = "local.tags" if m.root else "var.tags"
            if value is None:
                self.add(b.file, b.line, f"{rtype}.{b.labels[1]} has no tags; every taggable resource carries the "
                                         f"kit's mandatory tags ({want})")
            elif want not in str(value.value):
                self.add(b.file, value.line, f"{rtype}.{b.labels[1]}: tags = {value.value} leaves out {want}, "
                                             "which carries the kit's mandatory tags")
        if m.root:
            for call in m.of("module"):
                value = call.attrs.get("tags")
                if value is not None and "local.tags" not in str(value.value):
                    self.add(call.file, value.line, f"module {call.labels[0]}: tags = {value.value} leaves out "
                                                    "local.tags, which carries the kit's mandatory tags")

    def _tf_regions(self, main, tfvars: dict) -> None:
        allowed = set(self.kit.regions)
        var = main.variables().get("location")
        if var is None:
            return
        checks = [b for b in var.children("validation") if "var.location" in str(b.attrs.get("condition").value
                                                                              if b.attrs.get("condition") else "")]
        listed = set(re.findall(r'"([a-z0-9]+)"', " ".join(str(b.attrs["condition"].value) for b in checks)))
        if not checks or not listed or not listed <= allowed:
            self.add(var.file, var.line, f"variable location does not restrict the region to the kit's allowed "
                                         f"regions ({', '.join(self.kit.regions)}) in a validation block")
        default = var.attrs.get("default")
        if default is not None and str(default.value) not in allowed:
            self.add(var.file, default.line, f"location default {default.value!r} is not one of the kit's allowed "
                                             f"regions ({', '.join(self.kit.regions)})")
        for file, blocks in sorted(tfvars.items()):
            for b in blocks:
                value = b.attrs.get("location")
                if value is not None and str(value.value) not in allowed:
                    self.add(file, value.line, f"location = {value.value!r} is not one of the kit's allowed regions "
                                               f"({', '.join(self.kit.regions)})")

    # --- Bicep -------------------------------------------------------------------------------

    def bicep(self) -> None:
        path = self.root / _BICEP_MAIN
        if not path.is_file():
            return
        from ..validate import bicep as bp

        files, _ = bp.load(self.root)
        main = files.get(path.resolve())
        text = main.text if main is not None else ""
        lines = text.splitlines()
        if self.mandated:
            self._bicep_tags(lines, files)
        for bf in files.values():
            self._bicep_taggable(bf, is_main=bf.rel == _BICEP_MAIN)
        if self.kit.regions:
            self._bicep_regions(lines)

    def _bicep_tags(self, lines: list[str], files) -> None:
        start = next((i for i, ln in enumerate(lines) if re.match(r"\s*var\s+kitTags\s*=\s*\{", ln)), None)
        if start is None:
            self.add(_BICEP_MAIN, 1, f"var kitTags is missing: the kit's mandatory tags ({', '.join(self.mandated)}) "
                                     "are not applied")
            return
        found: dict[str, str] = {}
        for ln in lines[start + 1:]:
            if ln.strip().startswith("}"):
                break
            m = re.match(r"\s*(?:'((?:[^'\\]|\\.)*)'|([A-Za-z_][A-Za-z0-9_]*))\s*:\s*'((?:[^'\\]|\\.)*)'\s*$", ln)
            if m:
                found[_bicep_unescape(m.group(1) if m.group(1) is not None else m.group(2))] = _bicep_unescape(m.group(3))
        for name, value in self.mandated.items():
            if name not in found:
                self.add(_BICEP_MAIN, start + 1, f"mandatory tag {name!r} is missing from var kitTags")
            elif found[name] != value:
                self.add(_BICEP_MAIN, start + 1, f"mandatory tag {name!r} is {found[name]!r} in var kitTags; "
                                                 f"the kit requires {value!r}")
        if not any(re.match(r"\s*var\s+resourceTags\s*=\s*union\(\s*tags\s*,\s*kitTags\s*\)\s*$", ln) for ln in lines):
            self.add(_BICEP_MAIN, start + 1, "var resourceTags must be union(tags, kitTags) so the kit's mandatory "
                                             "tags are applied last")
        for i, ln in enumerate(lines, 1):
            m = re.match(r"\s*tags:\s*(\S.*?)\s*$", ln)
            if m and m.group(1) != "resourceTags":
                self.add(_BICEP_MAIN, i, f"tags: {m.group(1)} leaves out resourceTags, which carries the kit's "
                                         "mandatory tags")

    def _bicep_taggable(self, bf, is_main: bool) -> None:
        from ..validate import bicep as bp

        if self.oracles is None or bf.data is None:
            return
        for symbol, rtype, api, existing, body, start, _end in bp.resources(bf):
            if existing or not isinstance(body, dict):
                continue
            props = self.oracles.arm_properties(rtype, api) if rtype else None
            if not props or "tags" not in props:
                continue
            if "tags" not in body:
                self.add(bf.rel, start, f"resource {symbol} ({rtype}) has no tags; every taggable resource carries "
                                        "the kit's mandatory tags")

    def _bicep_regions(self, lines: list[str]) -> None:
        allowed = set(self.kit.regions)
        at = next((i for i, ln in enumerate(lines) if re.match(r"\s*param\s+location\s+string\b", ln)), None)
        if at is None:
            return
        decorators, i = [], at - 1
        while i >= 0 and (lines[i].strip().startswith(("@", "'", "])")) or lines[i].strip() == ""):
            decorators.append(lines[i])
            i -= 1
        block = "\n".join(reversed(decorators))
        listed = set(re.findall(r"'([a-z0-9]+)'", block.split("@allowed", 1)[1])) if "@allowed" in block else set()
        if not listed or not listed <= allowed:
            self.add(_BICEP_MAIN, at + 1, f"param location does not restrict the region to the kit's allowed regions "
                                          f"({', '.join(self.kit.regions)}) with @allowed")
        m = re.search(r"=\s*'([^']*)'", lines[at])
        if m and m.group(1) not in allowed:
            self.add(_BICEP_MAIN, at + 1, f"location default {m.group(1)!r} is not one of the kit's allowed regions")
        params = self.root / "infra" / "parameters"
        for pf in sorted(params.glob("*.json")) if params.is_dir() else ():
            try:
                data = json.loads(pf.read_text(encoding="utf-8"))
                value = data["parameters"]["location"]["value"]
            except (OSError, ValueError, KeyError, TypeError):
                continue
            if value not in allowed:
                rel = pf.relative_to(self.root).as_posix()
                self.add(rel, _line(pf, '"location"'), f"location {value!r} is not one of the kit's allowed regions "
                                                       f"({', '.join(self.kit.regions)})")

    # --- both --------------------------------------------------------------------------------

    def policies(self, suffix: str) -> None:
        if not self.kit.policies_:
            return
        infra = self.root / "infra"
        text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(infra.rglob(f"*{suffix}"))
                         if p.is_file() and not p.is_symlink()) if infra.is_dir() else ""
        for p in self.kit.policies_:
            if p.definition_id.lower() not in text.lower():
                self.add(f"infra/*{suffix}", 1, f"policy assignment {p.name} ({p.definition_id}) is missing")

    def files(self) -> None:
        for f in self.kit.overlay:
            if "{" in f.path or f.path.endswith("/.gitkeep"):
                continue  # a templated path: its rendered name depends on the answers
            if not (self.root / f.path).exists():
                self.add(f.path, 1, "file required by the kit is missing (restore it from the kit's overlay)")


def _bicep_unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "r": "\r", "t": "\t"}.get(m.group(1), m.group(1)), text)


def _line(path: Path, needle: str) -> int:
    try:
        for i, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if needle in ln:
                return i
    except OSError:
        pass
    return 1

