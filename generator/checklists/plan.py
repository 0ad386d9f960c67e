"""The state of every checklist item when a repository is rendered.

The rule (docs/checklists.md): an item is done only when at least one module serves it, every
module that serves it says its claims cover the item fully (``coverage.<ITEM>.level: full``
in catalog/claims/<module>.yaml), and every claim that module has for the item applies in
this network mode and flavour. A module whose claims are only partly rendered (a claim
limited to other modes, a role check with no role to check) counts as partial.
"""

from __future__ import annotations

from . import DONE, OPEN, PARTLY


def _fmt(value, flavour: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f"'{value}'" if flavour == "bicep" else f'"{value}"'
    return str(value)


def evidence_texts(claim, comp: dict, iac: str, roles: list[str]) -> list[str]:
    """What the checklist line cites for one claim: ``FILE: PATH = VALUE`` or ``FILE: check NAME [ARG]``."""
    file = comp["file"]
    if claim.check == "role":
        return [f"{file}: check role {r}" for r in roles]  # no role granted: nothing to prove
    if claim.check == "diagnostics":
        return [f"{file}: check diagnostics {comp['arm_type'] if iac == 'bicep' else comp['azurerm_type']}"]
    if claim.check:  # subnets, NSGs and route tables live in the virtual network module
        from ..render.context import module_file

        return [f"{module_file('virtual-network', iac)}: check {claim.check}"]
    if iac == "bicep":
        return [f"{file}: {claim.bicep_path} = {_fmt(claim.bicep_value, 'bicep')}"]
    return [f"{file}: {claim.terraform_path} = {_fmt(claim.terraform_value, 'terraform')}"]


def item_states(catalog, components: list[dict], network: str, iac: str) -> dict[str, dict]:
    """item id -> {state, evidence, rationale, remaining} for the items some module serves.

    ``components`` are the render context's component dicts (module, file, roles, deployed).
    """
    per_item: dict[str, dict] = {}
    seen_modules: set[str] = set()
    for comp in components:
        module = comp["module"]
        if module in seen_modules or not comp.get("deployed", True):
            continue
        seen_modules.add(module)
        roles = [r["name"] for c in components if c["module"] == module for r in c.get("roles", [])]
        roles = list(dict.fromkeys(roles))
        ids = {c["id"] for c in components}
        claims = [c for c in catalog.claims.get(module, ()) if not set(c.unless) & ids and set(c.requires) <= ids]
        for item in dict.fromkeys(c.item for c in claims):
            mine = [c for c in claims if c.item == item]
            texts: list[str] = []
            missing: list[str] = []
            for claim in mine:
                got = evidence_texts(claim, comp, iac, roles) if network in claim.modes else []
                if not got:
                    why = (f"in {network} network mode" if network not in claim.modes
                           else "because the entry grants no role on it")
                    missing.append(f"{claim.setting} (not generated {why})")
                texts += [t for t in got if t not in texts]
            if not texts:
                continue
            cover = catalog.coverage.get(module, {}).get(item)
            full = cover is not None and cover.level == "full" and not missing
            entry = per_item.setdefault(item, {"evidence": [], "full": True, "rationale": [], "remaining": []})
            entry["evidence"] += [t for t in texts if t not in entry["evidence"]]
            entry["full"] = entry["full"] and full
            if cover is not None:
                entry["rationale"].append(f"{comp['title']}: {cover.rationale}")
                if cover.remaining:
                    entry["remaining"].append(f"{comp['title']}: {cover.remaining}")
            entry["remaining"] += [f"{comp['title']}: {m}" for m in missing]
    out = {}
    for item, e in per_item.items():
        out[item] = {"state": DONE if e["full"] else PARTLY, "evidence": e["evidence"],
                     "rationale": _join(e["rationale"]), "remaining": _join(e["remaining"])}
    return out


def _join(parts: list[str]) -> str:
    return "; ".join(dict.fromkeys(p.rstrip(".") for p in parts if p))


def open_state() -> dict:
    return {"state": OPEN, "evidence": [], "rationale": "", "remaining": ""}


def settle(ak: dict, files: dict[str, bytes], role_ids: dict[str, str]) -> bool:
    """Prove the structural claims of ``ak``'s checklists on the rendered ``files``; an item
    whose structure is not there loses that evidence (done becomes partly, or open).
    True when anything changed, so the checklists must be rendered again."""
    from .lines import claims_in
    from .structure import run

    changed = False
    for items in ak["checklists"].values():
        for item in items:
            kept, problems = [], []
            for text in item["evidence"]:
                claim = next(iter(claims_in(f"`{text}`")), None)
                data = files.get(claim.file) if claim is not None and claim.check else None
                problem = None
                if data is not None:
                    problem = run(claim.check, claim.value, data.decode("utf-8", "replace"), claim.file, role_ids)
                if problem:
                    problems.append(f"{claim.file} {problem}")
                else:
                    kept.append(text)
            if not problems:
                continue
            changed = True
            item["evidence"] = kept
            item["rationale"] = "the rendered code falls short of the claims: " + _join(problems)
            item["remaining"] = _join([*problems, item["remaining"]])
            item["state"] = PARTLY if kept else OPEN
            item["done"] = False
    if changed:
        for area, items in ak["checklists"].items():
            ak["progress"][area] = {"done": sum(1 for i in items if i["state"] == DONE),
                                    "partly": sum(1 for i in items if i["state"] == PARTLY), "total": len(items)}
    return changed

