"""`archkit validate` reports a role assignment that the entry's identity table does not grant."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from conftest import mutate
from generator.cli import app

runner = CliRunner()
AI_USER = "53ca6127-db72-4b80-b1b0-d745d6d5456d"
CONTRIBUTOR = "b24988ac-6180-42a0-ab88-20f5618f1c14"  # not in the catalog: nothing may assign it


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    base = tmp_path_factory.mktemp("roles")
    out = {}
    for iac in ("bicep", "terraform"):
        root = base / iac
        result = runner.invoke(app, ["new", "chat-baseline", "--iac", iac, "--no-input", "-o", str(root)])
        assert result.exit_code == 0, result.output
        out[iac] = root
    return out


def _role_findings(root):
    result = runner.invoke(app, ["validate", str(root), "--json"])
    return result.exit_code, [f for f in json.loads(result.output)["findings"] if f["rule"] == "role-unlisted"]


@pytest.mark.parametrize("iac", ["bicep", "terraform"])
def test_generated_roles_are_all_in_the_identity_table(iac, repos):
    code, found = _role_findings(repos[iac])
    assert found == [] and code == 0


@pytest.mark.parametrize("iac", ["bicep", "terraform"])
def test_an_extra_role_and_a_role_on_the_wrong_component_are_flagged(iac, repos, tmp_path):
    import shutil

    root = tmp_path / iac
    shutil.copytree(repos[iac], root)
    if iac == "bicep":
        storage, search = "infra/modules/storage.bicep", "infra/modules/app-insights.bicep"
        mutate(root, storage, "var roleDefinitionIds = [", f"var roleDefinitionIds = [\n  '{CONTRIBUTOR}' // Contributor")
        mutate(root, search, "var roleDefinitionIds = [", f"var roleDefinitionIds = [\n  '{AI_USER}' // Azure AI User")
    else:
        storage, search = "infra/modules/storage/main.tf", "infra/modules/app-insights/main.tf"
        mutate(root, storage, "  role_definition_ids = {", f'  role_definition_ids = {{\n    "Contributor" = "{CONTRIBUTOR}"')
        mutate(root, search, "  role_definition_ids = {", f'  role_definition_ids = {{\n    "Azure AI User" = "{AI_USER}"')
    code, found = _role_findings(root)
    assert code == 1
    by_file = {f["file"]: f["message"] for f in found}
    assert set(by_file) == {storage, search}, found
    assert CONTRIBUTOR in by_file[storage] and "not a role the catalog knows" in by_file[storage]
    assert "Azure AI User is assigned in module app-insights" in by_file[search] and "only on ai-foundry" in by_file[search]


@pytest.mark.parametrize("iac", ["bicep", "terraform"])
def test_a_role_given_to_the_wrong_compute_identity_is_flagged(iac, tmp_path):
    """doc-processing's web app and function app hold separate roles on storage: the function's
    Blob Data Owner (task hub) moved into the web app's list is a finding, the render is clean."""
    root = tmp_path / iac
    result = runner.invoke(app, ["new", "doc-processing", "--iac", iac, "--no-input", "--no-git", "-y", "-o", str(root)])
    assert result.exit_code == 0, result.output
    assert _role_findings(root) == (0, [])
    owner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"  # Storage Blob Data Owner, the function app's only
    if iac == "bicep":
        storage = "infra/modules/storage.bicep"
        mutate(root, storage, "var appServiceRoleDefinitionIds = [",
               f"var appServiceRoleDefinitionIds = [\n  '{owner}' // Storage Blob Data Owner")
    else:
        storage = "infra/modules/storage/main.tf"
        mutate(root, storage, "  app_service_role_definition_ids = {",
               f'  app_service_role_definition_ids = {{\n    "Storage Blob Data Owner" = "{owner}"')
    code, found = _role_findings(root)
    assert code == 1
    assert [f["file"] for f in found] == [storage], found
    assert "Storage Blob Data Owner is assigned to app-service's identity in module storage" in found[0]["message"]
