"""Three states per item, per environment, and the rule behind "done".

* The issue's examples stay not done (SEC-01, SEC-11, SEC-16; aml-baseline's egress,
  API keys and API Management as the gateway; monitoring items ticked by auth switches).
* For every entry x flavour x network mode x environment: an item is done only if every
  module whose claims it cites says they cover it fully, with a rationale the line shows,
  and every cited claim holds in that environment.
* Where environments differ, status says which one meets the item.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import missing, mutate
from generator.checklists import DONE, OPEN, PARTLY
from generator.checklists.graph import module_of
from generator.checklists.lines import parse
from generator.checklists.status import status
from generator.cli import app

NEVER_DONE = {
    # "adopt the security benchmark baseline" is not TLS 1.2; "Foundry roles by job function and
    # access reviews" is not Key Vault RBAC mode; "a dedicated store per app" is not "no anonymous blobs"
    ("chat-baseline", "terraform"): {"SEC-01", "SEC-11", "SEC-16", "MGT-03", "MGT-06", "MGT-07"},
    ("rag", "bicep"): {"SEC-01", "SEC-11", "SEC-16", "MGT-03", "MGT-06", "MGT-07"},
    # no AI-service account to disable keys on; an API Management instance without API, backend
    # or policy is not the AI gateway
    ("aml-baseline", "terraform"): {"SEC-01", "SEC-11", "SEC-16", "SEC-07", "SEC-06", "MGT-05", "GOV-14"},
}


def _lines(root: Path) -> dict:
    out = {}
    for md in sorted((root / "docs" / "checklists").glob("*.md")):
        for text in md.read_text().splitlines():
            item = parse(text)
            if item is not None:
                out[item.id] = (item, text)
    return out


@pytest.mark.parametrize("key", sorted(NEVER_DONE), ids=lambda k: "-".join(k))
def test_the_issues_examples_are_not_done(key, rendered):
    arch, iac = key
    modes = [m for (a, i, m) in rendered if (a, i) == key]
    assert modes
    for mode in modes:
        root = rendered[(arch, iac, mode)][0]
        st = status(root)
        by_id = {i.id: i for i in st.items}
        assert {"SEC-01", "SEC-11", "SEC-16"} <= set(by_id), (arch, iac, mode)  # the issue's three apply everywhere
        for item in NEVER_DONE[key]:
            if item in by_id:  # an item that does not apply to the entry is not on its checklist
                assert DONE not in by_id[item].states.values(), (arch, iac, mode, item, by_id[item].states)
                assert not by_id[item].ticked, (arch, iac, mode, item)


def test_the_aml_baseline_egress_item_is_done_once_every_workload_subnet_is_routed(rendered, tmp_path):
    """Every workload subnet (inference and API Management included) takes the firewall route, so
    NET-08 is ticked; drop one subnet's route and validate reports the item and the subnet."""
    from generator.validate import validate_repository

    src = rendered[("aml-baseline", "terraform", "private")][0]
    item, text = _lines(src)["NET-08"]
    assert item.ticked, text
    assert "check egress-to-firewall" in text
    root = tmp_path / "aml"
    shutil.copytree(src, root)
    mutate(root, "infra/modules/virtual-network/main.tf",
           'resource "azurerm_subnet_route_table_association" "inference" {\n  subnet_id      = azurerm_subnet.inference.id',
           'resource "azurerm_subnet_route_table_association" "inference" {\n  subnet_id      = azurerm_subnet.private_endpoints.id')
    findings = [f for f in validate_repository(root).findings if "NET-08" in f.message]
    assert findings and any("snet-inference" in f.message for f in findings), [str(f) for f in findings]


def test_public_mode_ticks_nothing_only_private_mode_does(rendered):
    for (arch, iac, mode), (root, _files, _ak) in rendered.items():
        if mode != "public":
            continue
        lines = _lines(root)
        for item in ("NET-01", "NET-02", "NET-06", "NET-08", "GOV-19"):
            if item in lines:
                assert not lines[item][0].ticked, (arch, iac, item)


def test_every_done_item_has_full_coverage_and_holds_in_every_environment(rendered, catalog):
    """Entry x flavour x network mode x environment."""
    done_total = 0
    for (arch, iac, mode), (root, _files, _ak) in sorted(rendered.items()):
        st = status(root)
        lines = _lines(root)
        assert st.environments, (arch, iac, mode)
        for it in st.items:
            item, text = lines[it.id]
            for env in st.environments:
                state = it.states[env]
                assert state in (DONE, PARTLY, OPEN)
                if state != DONE:
                    continue
                done_total += 1
                where = (arch, iac, mode, env, it.id)
                assert it.problems[env] == [], where  # every cited claim resolves in this environment
                assert item.ticked and item.marked == "done" and item.claims, where  # only code ticks in a fresh render
                modules = _serving_modules(catalog, it.id, item.claims)
                assert modules, where
                for module in modules:
                    cover = catalog.coverage[module].get(it.id)
                    assert cover is not None and cover.level == "full" and cover.rationale, (*where, module)
                    assert cover.rationale in text, (*where, module)  # the reviewer sees why
            if item.marked == "partly":
                assert not item.ticked and "Left to do:" in text, (arch, iac, mode, it.id)
    assert done_total > 0


def _serving_modules(catalog, item_id: str, cited) -> set[str]:
    """The modules whose claims for the item produced the cited evidence."""
    out = set()
    for c in cited:
        for module, claims in catalog.claims.items():
            for claim in claims:
                if claim.item != item_id:
                    continue
                if c.check and claim.check == c.check and (c.check in ("nsg-on-subnets", "egress-to-firewall")
                                                           or module_of(c.file) == module):
                    out.add(module)
                elif not c.check and module_of(c.file) == module and c.path in (claim.bicep_path, claim.terraform_path):
                    out.add(module)
    return out


def test_status_says_which_environment_meets_an_item(rendered, tmp_path):
    """dev turns key authentication back on for Foundry: SEC-07 is met in test and prod only."""
    from generator.validate import resolved, validate_repository

    if not resolved.available():
        missing("tfparse", "install archkit[validate]")
    root = tmp_path / "repo"
    shutil.copytree(rendered[("chat-baseline", "terraform", "private")][0], root)
    mutate(root, "infra/modules/ai-foundry/main.tf", "  local_auth_enabled            = false\n",
           "  local_auth_enabled            = var.local_auth_enabled\n")
    with (root / "infra/modules/ai-foundry/variables.tf").open("a") as fh:
        fh.write('\nvariable "local_auth_enabled" {\n  description = "Key authentication on the account."\n'
                 '  type        = bool\n  default     = false\n}\n')
    mutate(root, "infra/main.tf", 'module "ai_foundry" {\n  source                     = "./modules/ai-foundry"\n',
           'module "ai_foundry" {\n  source                     = "./modules/ai-foundry"\n'
           "  local_auth_enabled         = var.foundry_local_auth\n")
    with (root / "infra/variables.tf").open("a") as fh:
        fh.write('\nvariable "foundry_local_auth" {\n  description = "Key authentication on Foundry."\n'
                 '  type        = bool\n  default     = false\n}\n')
    with (root / "infra/environments/dev.tfvars").open("a") as fh:
        fh.write("foundry_local_auth = true\n")
    result = CliRunner().invoke(app, ["checklist", "status", str(root), "--json"])
    assert result.exit_code == 0, result.output
    sec07 = next(i for i in json.loads(result.stdout)["items"] if i["id"] == "SEC-07")
    assert sec07["states"] == {"dev": "partly", "prod": "done", "test": "done"}
    assert "local_auth_enabled resolves to true" in sec07["problems"]["dev"][0]
    text = CliRunner().invoke(app, ["checklist", "status", str(root)]).output
    assert "SEC-07: partly in dev, done in prod, done in test" in text
    report = validate_repository(root)
    assert any(f.rule == "claim-resolved" and "SEC-07" in f.message and "dev.tfvars" in f.message
               for f in report.findings), [str(f) for f in report.findings]


def test_the_documented_review_covers_all_active_items_as_the_catalog_does(catalog):
    """docs/checklists.md lists every active item with the modules serving it and their coverage."""
    from conftest import REPO

    rows = {}
    for line in (REPO / "docs" / "checklists.md").read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and parse(f"- [ ] **{cells[0]}** x") is not None and cells[0] != "Item":
            rows[cells[0]] = cells[2]
    active = [i for a in catalog.areas.values() for i in a.items if not i.retired]
    assert len(active) == 84 and sorted(rows) == sorted(i.id for i in active)
    for item in active:
        mods = [f"{m} ({c[item.id].level})" for m, c in sorted(catalog.coverage.items()) if item.id in c]
        assert rows[item.id] == (", ".join(mods) or "none: process work or not generated"), item.id


@pytest.mark.parametrize("iac", ["bicep", "terraform"])
def test_the_egress_check_exempts_only_the_resolver_subnet_it_must(iac, rendered_options):
    """A DNS Private Resolver endpoint subnet answers queries, so it takes no default route (its
    replies to on-premises clients would meet the firewall); the runners' subnet is routed."""
    from generator.checklists import structure

    root, files, ak = rendered_options[("aml-baseline", iac, "private", "options=all")]
    rel = "infra/modules/virtual-network.bicep" if iac == "bicep" else "infra/modules/virtual-network/main.tf"
    text = files[rel].decode()
    assert "snet-dnsResolverInbound" in text and "snet-buildAgents" in text
    problem = structure.run("egress-to-firewall", "", text, rel) or ""
    assert "dnsResolver" not in problem and "buildAgents" not in problem, problem
    # the same subnet under another name is an ordinary workload subnet without a route
    renamed = structure.run("egress-to-firewall", "", text.replace("snet-dnsResolverInbound", "snet-tools"), rel)
    assert renamed and "snet-tools has no route table" in renamed, renamed
