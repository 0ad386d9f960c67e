"""`archkit list` and `archkit show` through the CLI."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from generator.cli import app

runner = CliRunner()


def test_list_table():
    result = runner.invoke(app, ["list"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].split()[:5] == ["ID", "TITLE", "KIND", "CATEGORY", "AUDIENCE"]
    assert "chat-baseline-alz" in result.output and "tdsp" in result.output


def test_list_json_and_filters():
    data = json.loads(runner.invoke(app, ["list", "--json"]).output)
    assert data["schema"] == "archkit/list/v1" and len(data["architectures"]) == 13
    guides = json.loads(runner.invoke(app, ["list", "--kind", "guide", "--json"]).output)["architectures"]
    assert {g["id"] for g in guides} == {"genaiops", "rag", "ai-gateway", "mlops-v2", "tdsp"}
    nongen = json.loads(runner.invoke(app, ["list", "--category", "nongenerative", "--json"]).output)["architectures"]
    assert len(nongen) == 7 and all(x["category"] == "nongenerative" for x in nongen)


def test_list_by_service_name_or_arm_type(catalog):
    by_name = json.loads(runner.invoke(app, ["list", "--service", "AI Search", "--json"]).output)["architectures"]
    by_type = json.loads(runner.invoke(app, ["list", "--service", "Microsoft.Search/searchServices",
                                             "--json"]).output)["architectures"]
    expected = {a.id for a in catalog.architectures.values() if "ai-search" in a.components}
    assert {x["id"] for x in by_name} == expected == {x["id"] for x in by_type}
    assert expected


def test_list_unknown_service_is_a_usage_error():
    result = runner.invoke(app, ["list", "--service", "Mainframe"])
    assert result.exit_code == 2
    assert "matches no component" in result.output


def test_show_text():
    result = runner.invoke(app, ["show", "chat-baseline"])
    assert result.exit_code == 0, result.output
    for needle in ("Microsoft.CognitiveServices/accounts", "azurerm_cognitive_account",
                   "https://learn.microsoft.com/azure/architecture/ai-ml/architecture/baseline-microsoft-foundry-chat",
                   "https://github.com/Azure-Samples/microsoft-foundry-baseline", "Network: default private",
                   "security"):
        assert needle in result.output, needle


def test_show_json(catalog):
    data = json.loads(runner.invoke(app, ["show", "chat-baseline", "--json"]).output)
    assert data["id"] == "chat-baseline"
    assert {c["id"] for c in data["components"]} == set(catalog.architectures["chat-baseline"].components)
    assert set(data["checklist_items"]) == {"resource-selection", "networking", "governance", "management", "security"}
    assert all(n > 0 for n in data["checklist_items"].values())
    assert data["links"]["seed"].endswith("baseline-openai-e2e-chat")


def test_show_unknown_id_suggests_close_ids():
    result = runner.invoke(app, ["show", "chat-baselin"])
    assert result.exit_code == 2
    assert "unknown architecture id 'chat-baselin'" in result.output
    assert "did you mean chat-baseline" in result.output
    assert "Traceback" not in result.output
