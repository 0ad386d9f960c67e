"""Names the modules derive (plans, public IPs, policies, NSGs, private endpoints) count in
the naming budget: every one fits its Azure rule at the longest workload name a rendered
repository accepts, and the templates use exactly the names that were checked."""

from __future__ import annotations

import re

import pytest

from conftest import matrix
from generator.errors import InputError
from generator.render import naming

COMBOS = [(a, mode) for a, iac, mode in matrix() if iac == "bicep"]


def _answers(catalog, arch_id, mode, iac="bicep"):
    from generator.render.answers import resolve

    return resolve(catalog, given={"architecture": arch_id, "iac": iac, "network": mode})


@pytest.mark.parametrize("combo", COMBOS, ids=["-".join(c) for c in COMBOS])
def test_every_name_fits_at_the_workload_limit_and_not_beyond(combo, catalog):
    from generator.render.context import build_context

    arch_id, mode = combo
    answers = _answers(catalog, arch_id, mode)
    ak = build_context(catalog, answers)
    limit = ak["workload_max"]
    comps = [catalog.components[c] for c in catalog.architecture(arch_id).components]
    for env in ("dev", "test", "prod"):
        longest = "w" * limit
        names = naming.names_for(comps, longest, env, answers.name_suffix,
                                 network=mode, supporting=catalog.supporting_types)
        for c in comps:
            for key, d in naming.derived_names(c, names.get(c.id), [x.id for x in comps], mode,
                                               catalog.supporting_types).items():
                lo, hi, pattern = naming.DERIVED_RULES[d["arm_type"]]
                assert lo <= len(d["name"]) <= hi and re.fullmatch(pattern, d["name"]), (c.id, key, d["name"])
    with pytest.raises(InputError):
        naming.names_for(comps, "w" * (limit + 1), "prod", answers.name_suffix,
                         network=mode, supporting=catalog.supporting_types)


def test_plan_names_count_in_the_budget(catalog):
    comps = [catalog.components[c] for c in catalog.architecture("chat-basic").components]
    # 24 characters fit the web app (60) but not its plan, asp-app-<name>-prd-ab12 (40).
    with pytest.raises(InputError, match="Microsoft.Web/serverfarms"):
        naming.names_for(comps, "w" * 24, "prod", "ab12", network="public", supporting=catalog.supporting_types)
    naming.names_for(comps, "w" * 23, "prod", "ab12", network="public", supporting=catalog.supporting_types)


def test_derived_abbreviations_come_from_the_component_table(catalog):
    abbrs = {r.arm_type: r.abbreviation for c in catalog.components.values() for r in c.resources if r.abbreviation}
    abbrs.update({t.arm_type: t.abbreviation for t in catalog.supporting_types if t.abbreviation})
    ids = list(catalog.components)
    for c in catalog.components.values():
        for key, d in naming.derived_names(c, f"{c.abbreviation}-x-dev-ab12", ids, None, catalog.supporting_types).items():
            assert d["name"].startswith(abbrs[d["arm_type"]] + "-"), (c.id, key, d["name"])
            assert d["arm_type"] in naming.DERIVED_RULES


@pytest.mark.parametrize("arch_id, mode", [("chat-baseline", "private"), ("aml-baseline", "private"),
                                           ("doc-processing", "private"), ("ai-gateway", "private"),
                                           ("chat-baseline-alz", "landing-zone")])
def test_templates_write_the_checked_names(catalog, arch_id, mode):
    """Every derived name expression appears in the rendered modules, in both flavours."""
    from generator.render import render_files

    for iac, form in (("bicep", "bicep"), ("terraform", "terraform")):
        files, ak = render_files(catalog, _answers(catalog, arch_id, mode, iac))
        code = "\n".join(v.decode() for k, v in files.items() if k.endswith((".bicep", ".tf")))
        for c in ak["components"]:
            if not c["deployed"]:
                continue
            for key, d in c["derived"].items():
                assert d[form] in code, (iac, c["id"], key, d[form])
