"""`archkit checklist export` (review-checklists JSON, CSV, Markdown) and `verify` (Resource Graph).

verify runs against a fake `az` on PATH that answers from recorded JSON fixtures we wrote
(tests/fixtures/checklists/az); Azure is never called.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from conftest import REPO
from generator.checklists.export import _cell, guid
from generator.checklists.graph import balanced, item_query
from generator.checklists.lines import claims_in
from generator.checklists.plan import evidence_texts
from generator.cli import app

SCHEMA = REPO / "catalog" / "schema" / "review-checklist.schema.json"
AZ_FIXTURES = Path(__file__).parent / "fixtures" / "checklists" / "az"
SUB = "00000000-1111-2222-3333-444444444444"
RAG = ("rag", "bicep", "private")
CHAT = ("chat-baseline", "terraform", "private")


def run(*args):
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


# --- export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", [RAG, CHAT], ids=lambda k: "-".join(k))
def test_review_checklist_export_validates_against_the_schema_and_round_trips(key, rendered):
    root = rendered[key][0]
    exported = run("checklist", "export", root, "--format", "review-checklist")
    assert exported.exit_code == 0, exported.output
    data = json.loads(exported.stdout)
    errors = sorted(Draft202012Validator(json.loads(SCHEMA.read_text())).iter_errors(data), key=str)
    assert errors == [], [e.message for e in errors[:5]]
    status = json.loads(run("checklist", "status", root, "--json").stdout)
    back = [(i["id"], i["link"], i["x-archkit"]["states"]) for i in data["items"]]
    assert back == [(i["id"], i["link"], i["states"]) for i in status["items"]]
    assert len({i["guid"] for i in data["items"]}) == len(data["items"])
    fulfilled = {i["id"] for i in data["items"] if i["status"] == "Fulfilled"}
    assert fulfilled == {i["id"] for i in status["items"] if set(i["states"].values()) == {"done"}}
    assert fulfilled, "every render has done items"


def test_the_schema_rejects_what_the_format_does_not_allow(rendered):
    data = json.loads(run("checklist", "export", rendered[RAG][0]).stdout)
    validator = Draft202012Validator(json.loads(SCHEMA.read_text()))
    for field, bad in (("severity", "Critical"), ("guid", "not-a-guid"), ("waf", "Speed"), ("text", 3)):
        broken = json.loads(json.dumps(data))
        broken["items"][0][field] = bad
        assert list(validator.iter_errors(broken)), field
    broken = json.loads(json.dumps(data))
    del broken["items"][0]["category"]
    assert list(validator.iter_errors(broken))


def test_guids_are_stable_per_item_id(rendered):
    # the contract: this id maps to this GUID in every version and every repository
    assert guid("SEC-07") == "76fe2764-51e7-5763-9555-784950e74d87"
    a = {i["id"]: i["guid"] for i in json.loads(run("checklist", "export", rendered[RAG][0]).stdout)["items"]}
    b = {i["id"]: i["guid"] for i in json.loads(run("checklist", "export", rendered[CHAT][0]).stdout)["items"]}
    shared = set(a) & set(b)
    assert shared and all(a[k] == b[k] for k in shared)


def test_csv_and_markdown_exports(rendered, tmp_path):
    root = rendered[CHAT][0]
    status = {i["id"]: i for i in json.loads(run("checklist", "status", root, "--json").stdout)["items"]}
    out = tmp_path / "status.csv"
    result = run("checklist", "export", root, "--format", "csv", "-o", out)
    assert result.exit_code == 0 and out.is_file()
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert [r["id"] for r in rows] == list(status)
    for r in rows:
        assert r["guid"] == guid(r["id"])
        assert {k.split(":", 1)[1]: v for k, v in r.items() if k.startswith("state:")} == status[r["id"]]["states"]
    md = run("checklist", "export", root, "--format", "markdown").stdout
    assert "## Security" in md and "| dev | prod | test |" in md
    sec07 = next(line for line in md.splitlines() if "[SEC-07]" in line)
    assert "| done | done | done |" in sec07


def test_csv_cells_cannot_start_a_formula():
    assert _cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert _cell("+1") == "'+1" and _cell("plain") == "plain"


def test_export_errors(rendered, tmp_path):
    root = rendered[RAG][0]
    bad = run("checklist", "export", root, "--format", "xlsx")
    assert bad.exit_code == 2 and "--format 'xlsx' is not a format" in bad.output
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "elsewhere.json")
    refused = run("checklist", "export", root, "-o", link)
    assert refused.exit_code == 2 and "symbolic link" in refused.output
    assert not (tmp_path / "elsewhere.json").exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = run("checklist", "status", empty)
    assert nothing.exit_code == 2 and "no docs/checklists folder" in nothing.output
    (empty / "docs").mkdir()
    (empty / "docs" / "checklists").symlink_to(root / "docs" / "checklists")
    linked = run("checklist", "status", empty)
    assert linked.exit_code == 2 and "is a symbolic link" in linked.output


# --- graph queries --------------------------------------------------------------------------


def test_every_claim_makes_a_well_formed_query_or_says_it_has_none(catalog):
    from generator.render.context import module_file

    seen = 0
    for module, claims in catalog.claims.items():
        for iac in ("bicep", "terraform"):
            for claim in claims:
                # the text a rendered checklist cites for this claim, read back as the CLI does
                comp = {"file": module_file(module, iac), "arm_type": "Microsoft.X/y", "azurerm_type": "azurerm_x"}
                text, = evidence_texts(claim, comp, iac, [next(iter(catalog.roles))])
                cited, = claims_in(f"`{text}`")
                query, records = item_query(catalog, [cited])
                assert len(records) == 1
                child = not claim.check and claim.bicep_resource.count("/") > 1
                if query is None:
                    # only diagnostic settings and child resources are outside Resource Graph
                    assert claim.check == "diagnostics" or child, (module, claim)
                    continue
                seen += 1
                assert balanced(query), query
                assert query.rstrip().endswith("compliant")
                assert re.match(r"^(resources|authorizationresources) \| where type =~ '[a-z0-9./]+' \|", query), query
                if child:  # the same text also stands for a claim on the parent type: that one is queried
                    continue
                if not claim.check:
                    assert f"type =~ '{claim.bicep_resource.lower()}'" in query, query
                    leaf = claim.bicep_path.split(".")[-1]
                    assert leaf in query, (leaf, query)
                    assert "extend compliant = (" in query and "| project id, compliant" in query
    assert seen > 50


def test_balanced_catches_broken_queries():
    assert balanced("resources | where a == 'x(' | project id")
    assert not balanced("resources | extend compliant = ((a) | project id")
    assert not balanced("resources | where type =~ 'x | project id")


# --- verify with a fake az ------------------------------------------------------------------


FAKE_AZ = r'''#!{python}
import json, os, re, sys
args = sys.argv[1:]
with open(os.environ["FAKE_AZ_LOG"], "a") as log:
    log.write(json.dumps(args) + "\n")
if args[:2] == ["account", "show"]:
    if os.environ.get("FAKE_AZ_LOGGED_OUT"):
        sys.stderr.write("ERROR: Please run 'az login' to setup account.\n")
        sys.exit(1)
    print(json.dumps({{"id": "{sub}", "user": {{"name": "someone@example.com"}}}}))
    sys.exit(0)
if args[:2] == ["graph", "query"]:
    query = args[args.index("-q") + 1]
    rows = []
    for t in re.findall(r"type =~ '([^']+)'", query):
        f = os.path.join(os.environ["FAKE_AZ_FIXTURES"], t.replace("/", "_").replace(".", "_") + ".json")
        if os.path.exists(f):
            with open(f) as fh:
                rows += json.load(fh)["data"]
    print(json.dumps({{"count": len(rows), "data": rows, "skip_token": None, "total_records": len(rows)}}))
    sys.exit(0)
sys.stderr.write("fake az: unexpected call " + " ".join(args) + "\n")
sys.exit(2)
'''


@pytest.fixture
def fake_az(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    az = bin_dir / "az"
    az.write_text(FAKE_AZ.format(python=sys.executable, sub=SUB))
    az.chmod(az.stat().st_mode | stat.S_IXUSR)
    log = tmp_path / "az.log"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_AZ_LOG", str(log))
    monkeypatch.setenv("FAKE_AZ_FIXTURES", str(AZ_FIXTURES))
    return log


def test_verify_reports_per_item_which_resources_comply(rendered, fake_az):
    root = rendered[RAG][0]
    result = run("checklist", "verify", root, "--subscription", SUB, "--json")
    assert result.exit_code == 1, result.output  # a resource does not comply
    items = {i["id"]: i for i in json.loads(result.stdout)["items"]}
    legacy = f"/subscriptions/{SUB}/resourceGroups/rg-legacy/providers/Microsoft.CognitiveServices/accounts/oai-legacy"
    # keys off: the Foundry account and the search service comply, an older account does not
    assert items["SEC-07"]["verdict"] == "non-compliant"
    assert items["SEC-07"]["noncompliant"] == [legacy]
    assert len(items["SEC-07"]["compliant"]) == 2
    assert items["SEC-16"]["verdict"] == "compliant"  # storage
    assert items["SEC-17"]["verdict"] == "compliant"  # storage settings and the workload's role
    assert items["MGT-07"]["verdict"] == "no deployed resource"  # no Application Insights in the fixtures
    assert items["GOV-20"]["verdict"] == "no query"  # model deployments are child resources
    assert items["SEC-09"]["verdict"] == "no query" and items["SEC-09"]["query"] is None  # MFA: no claim
    calls = [json.loads(line) for line in fake_az.read_text().splitlines()]
    assert calls[0][:2] == ["account", "show"]
    graph_calls = [c for c in calls if c[:2] == ["graph", "query"]]
    assert graph_calls and all(c[c.index("--subscriptions") + 1] == SUB for c in graph_calls)
    assert len(graph_calls) == sum(1 for i in items.values() if i["query"])
    text = run("checklist", "verify", root, "--subscription", SUB)
    assert "SEC-07: non-compliant (2 compliant, 1 not)" in text.output
    assert f"does not comply: {legacy}" in text.output


def test_verify_needs_a_login_an_az_and_a_subscription_id(rendered, fake_az, monkeypatch, tmp_path):
    root = rendered[RAG][0]
    bad_sub = run("checklist", "verify", root, "--subscription", "prod")
    assert bad_sub.exit_code == 2 and "is not a subscription id" in bad_sub.output
    monkeypatch.setenv("FAKE_AZ_LOGGED_OUT", "1")
    out = run("checklist", "verify", root, "--subscription", SUB)
    assert out.exit_code == 2 and "not logged in" in out.output and "az login" in out.output
    assert not any('"graph"' in line for line in fake_az.read_text().splitlines())
    empty = tmp_path / "nobin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    gone = run("checklist", "verify", root, "--subscription", SUB)
    assert gone.exit_code == 2 and "(az) is not on PATH" in gone.output
