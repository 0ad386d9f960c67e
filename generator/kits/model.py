"""A loaded platform-team kit: typed data plus the hooks the renderer calls.

The renderer (answers.resolve, context.build_context, render_files) only ever calls the
methods below; everything here is data already validated by the loader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import InputError, KitError
from .naming import Convention

STANDARD_TAGS = ("workload", "environment", "architecture", "managed-by")


@dataclass(frozen=True)
class Tag:
    name: str
    value: str | None  # None: the user supplies it at `archkit new`
    description: str = ""
    pattern: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Policy:
    name: str
    definition_id: str
    display_name: str = ""
    description: str = ""
    parameters: dict = field(default_factory=dict, hash=False)
    enforce: bool = True
    non_compliance_message: str = ""
    line: int | None = None


@dataclass(frozen=True)
class OverlayFile:
    path: str  # posix path under overlay/, may hold Jinja
    data: bytes
    raw: bool  # copy verbatim (binary, or matched by copy_without_render)
    executable: bool = False  # the source file has an executable bit


@dataclass
class Kit:
    name: str
    version: str
    description: str
    file: str  # display path of kit.yaml, for messages
    lines: dict  # JSON path (tuple) -> line in kit.yaml
    source: str
    ref: str | None = None
    commit: str | None = None
    digest: str = ""
    convention: Convention | None = None
    tags_: tuple[Tag, ...] = ()
    regions: tuple[str, ...] = ()
    region_default: str | None = None
    networks: tuple[str, ...] = ()
    network_default: str | None = None
    policies_: tuple[Policy, ...] = ()
    items: tuple = ()  # generator.catalog.models.Item, source="kit"
    defaults: dict = field(default_factory=dict)
    overlay: tuple[OverlayFile, ...] = ()
    executables: tuple[str, ...] = ()  # what would run (accepted with --trust, never executed)
    trusted: bool = False
    fleet: dict = field(default_factory=dict)  # kit.yaml `fleet:` (drift workflow, archkit source, backstage)
    spec: object = None  # generator.kits.source.Spec it was loaded from

    def relocate(self, repo_root) -> None:
        """Record the source as answers.yml keeps it: a URL as given, a folder relative to ``repo_root``."""
        if self.spec is not None:
            from .source import recorded_source

            self.source = recorded_source(self.spec, repo_root)

    # --- messages -------------------------------------------------------------------------

    def where(self, *path) -> str:
        p = tuple(path)
        while p and p not in self.lines:
            p = p[:-1]
        return f"{self.file}:{self.lines.get(p, 1)}"

    @property
    def label(self) -> str:
        return f"kit {self.name} {self.version}"

    # --- answers (generator.render.answers.resolve) ---------------------------------------

    def default_answers(self) -> dict:
        return dict(self.defaults)

    def default_region(self) -> str | None:
        return self.defaults.get("location") or self.region_default or (self.regions[0] if self.regions else None)

    def default_network(self, arch) -> str | None:
        supported = list(arch.network_supported)
        candidates = [self.network_default] if self.network_default else []
        if arch.network_default in (self.networks or supported):
            candidates.append(arch.network_default)
        candidates += list(self.networks)
        for mode in candidates:
            if mode and mode in supported and (not self.networks or mode in self.networks):
                return mode
        return None  # nothing allowed fits: resolve() falls back and check_network() says why

    def check_region(self, location: str) -> None:
        if self.regions and location not in self.regions:
            raise KitError(f"--location {location!r} is not allowed by {self.label} ({self.where('regions', 'allowed')})",
                           f"the kit allows: {', '.join(self.regions)}")

    def check_network(self, mode: str) -> None:
        if self.networks and mode not in self.networks:
            raise KitError(f"--network {mode!r} is not allowed by {self.label} ({self.where('network', 'allowed')})",
                           f"the kit allows: {', '.join(self.networks)} (the entry must support one of them: "
                           f"see `archkit show ID`)")

    def check_names(self, components, workload: str, environment: str, suffix: str) -> dict:
        from ..render import naming

        try:
            return naming.names_for(components, workload, environment, suffix, convention=self.convention)
        except InputError as exc:
            detail = exc.message.split("\n", 1)[1] if "\n" in exc.message else exc.message
            budget = self.workload_budget(components, environment, suffix)
            where = self.where("naming")
            if budget is None or budget < 2:
                detail = re.sub(r", so --name may have at most -?\d+ characters?", "", detail)
                raise KitError(f"{self.label}: its naming ({where}) breaks an Azure naming rule even with the "
                               f"shortest --name:\n{detail}",
                               "shorten naming.prefix/postfix or change naming.pattern in kit.yaml; "
                               "`archkit kit validate DIR` checks every resource type") from None
            raise KitError(f"with {self.label}'s naming ({where}), --name {workload!r} yields invalid resource names:\n"
                           f"{detail}", f"pass a --name of at most {budget} characters") from None

    def workload_budget(self, components, environment: str, suffix: str) -> int | None:
        """The longest workload name every component's rule allows (None: a rule fails regardless)."""
        from ..render import naming

        env_code = naming.ENV_CODES[environment]
        budget = None
        for c in components:
            if c.naming.style == "fixed":
                continue
            name = naming.resolve(c.naming.style, naming.abbreviation(c, self.convention), "ab", env_code, suffix,
                                  self.convention)
            if not re.fullmatch(c.naming.pattern, name):
                return None
            room = c.naming.max - (len(name) - 2)
            budget = room if budget is None else min(budget, room)
        return budget

    def resolve_tags(self, tags: dict) -> dict:
        """Check the user's tags against the kit; return them without the kit's fixed ones."""
        out = dict(tags)
        missing, problems = [], []
        for t in self.tags_:
            given = _get_ci(out, t.name)
            if t.value is not None:
                if given is not None and given[1] != t.value:
                    problems.append(f"tag {t.name!r} is fixed to {t.value!r} by {self.label} ({self.file}:{t.line}); "
                                    f"--set tags.{given[0]}={given[1]} contradicts it")
                if given is not None:
                    out.pop(given[0])
                continue
            if given is None or not given[1].strip():
                missing.append(t)
                continue
            value = given[1]  # any text: generator/render/literals.py escapes it for Bicep and HCL
            if t.pattern and not re.fullmatch(t.pattern, value):
                problems.append(f"tag {t.name!r}: value {value!r} does not match {t.pattern!r} "
                                f"required by {self.label} ({self.file}:{t.line})")
        if missing:
            names = ", ".join(repr(t.name) for t in missing)
            details = "; ".join(f"{t.name}: {t.description}" for t in missing if t.description)
            example = " ".join(f"--set tags.{t.name}=VALUE" for t in missing)
            raise KitError(f"{self.label} requires the tag{'s' if len(missing) > 1 else ''} {names} "
                           f"({self.file}:{missing[0].line}){': ' + details if details else ''}",
                           f"pass {example} to `archkit new` (or put it under `tags:` in --answers-file)")
        if problems:
            raise KitError("\n".join(problems), "fix the --set tags.NAME=VALUE values")
        return out

    def tags(self, user_tags: dict) -> dict:
        """The kit's tags (fixed values, then the required ones as supplied), then the user's other tags."""
        out: dict = {}
        rest = dict(user_tags or {})
        for t in self.tags_:
            given = _get_ci(rest, t.name)
            if t.value is not None:
                out[t.name] = t.value
                if given is not None:
                    rest.pop(given[0])
            elif given is not None:
                out[t.name] = given[1]
                rest.pop(given[0])
        out.update(rest)
        return out

    # --- rendering (context.build_context, render_files) ----------------------------------

    def context(self) -> dict:
        return {
            "name": self.name, "version": self.version, "description": self.description,
            "source": self.source, "ref": self.ref, "commit": self.commit,
            "regions": list(self.regions), "networks": list(self.networks),
            "naming": self.convention.describe() if self.convention else None,
            "tags": [{"name": t.name, "value": t.value, "required": t.value is None} for t in self.tags_],
            "fleet": dict(self.fleet),
        }

    def policies(self) -> list[dict]:
        from .values import bicep_string, bicep_value, hcl_string, hcl_value

        out = []
        for p in self.policies_:
            params = {k: {"value": v} for k, v in p.parameters.items()}
            out.append({
                "name": p.name, "display_name": p.display_name or p.name, "description": p.description,
                "definition_id": p.definition_id, "parameters": p.parameters, "enforce": p.enforce,
                "non_compliance_message": p.non_compliance_message,
                "symbol": "policy" + "".join(s.capitalize() for s in p.name.split("-")),
                "tf_name": p.name.replace("-", "_") if p.name[0].isalpha() else "p_" + p.name.replace("-", "_"),
                "bicep": {
                    "name": bicep_string(p.name), "display_name": bicep_string(p.display_name or p.name),
                    "description": bicep_string(p.description) if p.description else None,
                    "definition_id": bicep_string(p.definition_id),
                    "enforcement_mode": bicep_string("Default" if p.enforce else "DoNotEnforce"),
                    "parameters": bicep_value(params, 4) if params else None,
                    "message": bicep_string(p.non_compliance_message) if p.non_compliance_message else None,
                },
                "terraform": {
                    "name": hcl_string(p.name), "display_name": hcl_string(p.display_name or p.name),
                    "description": hcl_string(p.description) if p.description else None,
                    "definition_id": hcl_string(p.definition_id),
                    "enforce": "true" if p.enforce else "false",
                    "parameters": f"jsonencode({hcl_value(params, 2)})" if params else None,
                    "message": hcl_string(p.non_compliance_message) if p.non_compliance_message else None,
                },
            })
        return out

    def checklist_items(self) -> list:
        return list(self.items)

    def render_overlay(self, cookiecutter: dict, ak: dict) -> dict[str, bytes]:
        from .overlay import render_overlay

        return render_overlay(self, cookiecutter, ak)

    def info(self) -> dict:
        """What .archkit/answers.yml records; generator.kits.load_recorded_kit reads it back."""
        return {"name": self.name, "version": self.version, "source": self.source, "ref": self.ref,
                "commit": self.commit, "digest": self.digest}


def _get_ci(tags: dict, name: str):
    """(key, value) of a tag by case-insensitive name (Azure tag names are), or None."""
    for k, v in tags.items():
        if k.lower() == name.lower():
            return k, str(v)
    return None
