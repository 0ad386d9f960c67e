"""The oracle index: the builder on small inputs in the upstream formats (ours, under
tests/fixtures/oracles), `archkit oracles update` through a local HTTP server (never the
network), precedence of a user-updated index, and `archkit oracles status`."""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import stat
import tarfile
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.oracles import SHIPPED, Oracles, locate
from generator.oracles.upstream import arm_from_types_files, azurerm_from_schema, hcl_type

FIXTURES = Path(__file__).parent / "fixtures" / "oracles"
TYPES = {"2030-01-01": "types-search-2030-01-01.json", "2031-01-01-preview": "types-search-2031-01-01-preview.json"}
SCHEMA = FIXTURES / "azurerm-providers-schema.json"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
runner = CliRunner()


def invoke(*args: str):
    result = runner.invoke(app, list(args))
    assert "Traceback" not in result.output, result.output
    return result


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private user cache and no $ARCHKIT_ORACLES: what a user without settings has."""
    monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("ARCHKIT_ORACLES", raising=False)
    monkeypatch.delenv("ARCHKIT_BICEP_TYPES_URL", raising=False)
    return tmp_path / "cache" / "oracles"


# --- the builder on the upstream formats ----------------------------------------------------


def test_types_json_becomes_index_entries():
    reads = []

    def read(name):
        reads.append(name)
        if name == "older":  # the 2030 file as an older version: listed, never described
            return json.loads((FIXTURES / TYPES["2030-01-01"]).read_text().replace("2030-01-01", "2029-06-01"))
        return json.loads((FIXTURES / name).read_text())

    arm = arm_from_types_files(["older", *TYPES.values()], read, ["Microsoft.Search", "Microsoft.Web"])
    # a listing pass over every file, then only the files of the versions with property trees
    assert reads == ["older", *TYPES.values(), *TYPES.values()]
    assert set(arm) == {"Microsoft.Search", "Microsoft.Web"} and arm["Microsoft.Web"] == {}
    svc = arm["Microsoft.Search"]["Microsoft.Search/searchServices"]
    assert svc["api_versions"] == ["2029-06-01", "2030-01-01", "2031-01-01-preview"]
    assert (svc["latest_stable"], svc["latest"]) == ("2030-01-01", "2031-01-01-preview")
    assert set(svc["properties"]) == {"2030-01-01", "2031-01-01-preview"}  # stable, and the newer preview
    tree = svc["properties"]["2030-01-01"]
    assert tree["name"] == {"type": "string", "required": True}
    assert tree["id"]["readonly"] and tree["tags"] == {"type": "map<string>"}
    props = tree["properties"]["properties"]
    assert props["hostingMode"] == {"type": "string", "enum": ["default", "highDensity"], "enum_open": True}
    assert tree["sku"]["properties"]["name"] == {"type": "string", "enum": ["default", "highDensity"], "required": True}
    assert props["status"] == {"type": "string", "readonly": True}
    assert props["networkRuleSet"]["properties"]["ipRules"] == {"type": "array<object:IpRule>", "items": {"value": {"type": "string"}}}
    assert "previewOnlyFeature" in svc["properties"]["2031-01-01-preview"]["properties"]["properties"]
    assert "scopes" not in svc
    usages = arm["Microsoft.Search"]["Microsoft.Search/searchServices/usages"]
    # read-only resource flag (older files) and writableScopes 0 (newer ones): reference only
    assert usages["scopes"] == {"2029-06-01": {"existing_only": True}, "2030-01-01": {"existing_only": True},
                                "2031-01-01-preview": {"existing_only": True}}
    jobs = arm["Microsoft.Search"]["Microsoft.Search/searchServices/jobs"]
    assert jobs["latest_stable"] is None and list(jobs["properties"]) == ["2031-01-01-preview"]
    disc = jobs["properties"]["2031-01-01-preview"]["__discriminator__"]
    assert disc["name"] == "kind" and set(disc["variants"]["scripted"]) == {"kind", "script"}


def test_provider_schema_becomes_index_entries():
    carry = {"deprecated_resources": {"azurerm_search_service": {"removed_in": "10.0", "replacements": ["azurerm_x"]}},
             "removed_in_5_0": {"azurerm_gone": {"replacements": ["azurerm_search_service"]}}}
    tf = azurerm_from_schema(json.loads(SCHEMA.read_text()), carry=carry)
    svc = tf["resources"]["azurerm_search_service"]
    assert svc["arguments"]["name"] == {"required": True, "type": "string"}
    assert svc["arguments"]["local_authentication_enabled"] == {"optional": True, "type": "bool", "deprecated": True}
    assert svc["arguments"]["allowed_ips"]["type"] == "set(string)"
    assert "id" not in svc["arguments"] and svc["attributes"] == ["id", "query_keys"]
    assert svc["blocks"]["identity"] == {"nesting_mode": "list", "max_items": 1, "required": False,
                                         "arguments": {"type": {"required": True, "type": "string"}}, "blocks": {}}
    assert svc["deprecated"] == {"removed_in": "10.0", "replacements": ["azurerm_x"]}
    assert tf["data_sources"] == ["azurerm_client_config"]
    assert tf["removed_in_5_0"] == carry["removed_in_5_0"]


def test_cty_types_become_hcl_type_expressions():
    assert hcl_type(["list", ["object", {"b": ["set", "string"], "a": "number"}]]) == "list(object({a=number, b=set(string)}))"
    assert hcl_type(["map", "bool"]) == "map(bool)" and hcl_type(["tuple", ["string", "bool"]]) == "tuple([string, bool])"


def test_the_shipped_index_is_small_complete_and_lazy():
    files = [p for p in SHIPPED.rglob("*") if p.is_file()]
    assert sum(p.stat().st_size for p in files) < 3 * 1024 * 1024
    assert {p.name for p in files} >= {"PROVENANCE.json", "NOTICE-bicep-types-az.txt",
                                       "NOTICE-terraform-provider-azurerm.txt", "azurerm.json.gz"}
    index = Oracles(SHIPPED)
    prov = index.provenance
    for part in ("arm", "azurerm"):
        assert prov[part]["source_repo"].startswith("https://github.com/") and prov[part]["licence"]
        assert (SHIPPED / prov[part]["notice"]).is_file()
    assert prov["arm"]["commit"] and prov["azurerm"]["provider_version"]
    assert index.arm_type("microsoft.keyvault/VAULTS")["latest_stable"]
    assert list(index._arm_names) == ["microsoft.keyvault"]  # one namespace read, not all
    assert [k[1] for k in index._decoded] == ["Microsoft.KeyVault/vaults"]  # one entry decoded
    assert index.azurerm("azurerm_key_vault")["arguments"]["sku_name"]["required"]


# --- archkit oracles update / status --------------------------------------------------------


def _archive(path: Path, top: str = f"bicep-types-az-{COMMIT}") -> None:
    """A repository archive as GitHub serves it: one top folder, the commit in the pax header."""
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT, pax_headers={"comment": COMMIT}) as tar:
        members = {f"{top}/README.md": b"not a type file\n",
                   f"{top}/generated/web/microsoft.web/2030-01-01/types.json": b"[]"}
        for v, name in TYPES.items():
            members[f"{top}/generated/search/microsoft.search/{v}/types.json"] = (FIXTURES / name).read_bytes()
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    """http://127.0.0.1:<port>/ serving tmp_path/www, in a thread, for one test."""
    www = tmp_path / "www"
    www.mkdir()
    handler = functools.partial(_QuietHandler, directory=str(www))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield www, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def _update(url: str, *extra: str):
    return invoke("oracles", "update", "--bicep-types-url", url, "--bicep-types-ref", "v2030",
                  "--namespace", "Microsoft.Search", "--azurerm-version", "9.9.9", "--schema-json", str(SCHEMA), *extra)


def _repo(root: Path) -> Path:
    """Bicep and Terraform using what only the updated index knows, and one misspelling each."""
    (root / "infra").mkdir(parents=True)
    (root / "infra" / "main.bicep").write_text(
        "param location string = resourceGroup().location\n\n"
        "resource search 'Microsoft.Search/searchServices@2030-01-01' = {\n"
        "  name: 'srch-demo'\n"
        "  location: location\n"
        "  properties: {\n"
        "    quantumIndexing: true\n"
        "    replicaCont: 1\n"
        "  }\n"
        "}\n")
    (root / "infra" / "main.tf").write_text(
        'resource "azurerm_search_service" "this" {\n'
        '  name                     = "srch-demo"\n'
        '  location                 = "swedencentral"\n'
        '  resource_group_name      = "rg-demo"\n'
        '  sku                      = "standard"\n'
        '  quantum_indexing_enabled = true\n'
        '  replica_cont             = 1\n'
        '}\n')
    return root


def _oracle_findings(root: Path) -> set[tuple]:
    result = invoke("validate", str(root), "--json")
    data = json.loads(result.stdout)
    return {(f["file"], f["line"], f["rule"]) for f in data["findings"] if f["rule"].startswith(("arm-", "tf-arg", "tf-type"))}


def test_update_builds_a_user_index_that_takes_precedence(tmp_path, cache, server):
    www, url = server
    _archive(www / "v2030")
    repo = _repo(tmp_path / "repo")
    with_shipped = _oracle_findings(repo)
    assert ("infra/main.bicep", 3, "arm-api-version-unknown") in with_shipped
    assert ("infra/main.tf", 6, "tf-argument-unknown") in with_shipped

    result = _update(url)
    assert result.exit_code == 0, result.output
    assert f"Wrote the oracle index to {cache}" in result.output and "azurerm 9.9.9" in result.output
    prov = json.loads((cache / "PROVENANCE.json").read_text())
    assert prov["arm"]["commit"] == COMMIT and prov["arm"]["ref"] == "v2030" and prov["arm"]["type_files"] == 2
    assert prov["arm"]["url"] == f"{url}/v2030" and prov["azurerm"]["provider_version"] == "9.9.9"
    assert prov["azurerm"]["docs_facts_from"] == Oracles(SHIPPED).azurerm_version
    assert (cache / "NOTICE-bicep-types-az.txt").is_file()

    assert _oracle_findings(repo) == {("infra/main.bicep", 8, "arm-property-unknown"),
                                      ("infra/main.tf", 7, "tf-argument-unknown")}

    status = invoke("oracles", "status", "--json")
    info = json.loads(status.stdout)
    assert status.exit_code == 0 and info["schema"] == "archkit/oracles-status/v1"
    assert info["origin"] == "user" and info["overrides_shipped"] is True
    assert info["in_use"]["path"] == str(cache) and info["in_use"]["azurerm"]["provider_version"] == "9.9.9"
    assert info["shipped"]["path"] == str(SHIPPED)
    text = invoke("oracles", "status").output
    assert f"oracles: {cache} (user cache (archkit oracles update); overrides the shipped index)" in text
    assert "shipped:" in text and "not used" in text


def test_update_of_one_part_keeps_the_other(tmp_path, cache, server):
    www, url = server
    _archive(www / "v2030")
    assert invoke("oracles", "update", "--only", "azurerm", "--azurerm-version", "9.9.9",
                  "--schema-json", str(SCHEMA)).exit_code == 0
    index = Oracles(cache)
    assert index.azurerm_version == "9.9.9"
    assert index.provenance["arm"]["commit"] == Oracles(SHIPPED).provenance["arm"]["commit"]
    assert index.arm_type("Microsoft.KeyVault/vaults") == Oracles(SHIPPED).arm_type("Microsoft.KeyVault/vaults")
    assert _update(url, "--only", "arm").exit_code == 0
    index = Oracles(cache)
    assert index.azurerm_version == "9.9.9" and index.provenance["arm"]["commit"] == COMMIT


def test_update_runs_terraform_from_path(tmp_path, cache, server, monkeypatch):
    www, url = server
    _archive(www / "v2030")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "terraform"
    log = tmp_path / "terraform.log"
    fake.write_text(f"#!/bin/sh\necho \"$@\" >> {log}\n"
                    f"case \"$1\" in providers) cat {SCHEMA} ;; init) grep -q '= 9.9.9' main.tf || exit 1 ;; esac\n")
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    result = invoke("oracles", "update", "--bicep-types-url", url, "--bicep-types-ref", "v2030", "--azurerm-version", "9.9.9")
    assert result.exit_code == 0, result.output
    assert log.read_text().splitlines() == ["init -input=false -no-color -backend=false", "providers schema -json"]
    index = Oracles(cache)
    assert index.azurerm("azurerm_search_service")["arguments"]["quantum_indexing_enabled"]
    # no --namespace: the namespaces archkit ships; this small archive has types for one of them,
    # so the others stay out of the index (unchecked rather than all unknown) and provenance says so
    shipped = Oracles(SHIPPED).provenance["arm"]["namespaces"]
    assert index.provenance["arm"]["namespaces"] == ["Microsoft.Search"]
    assert index.provenance["arm"]["namespaces_missing"] == sorted(set(shipped) - {"Microsoft.Search"})
    assert index.arm_type("Microsoft.Search/searchServices")["latest_stable"] == "2030-01-01"


@pytest.mark.parametrize("args, message", [
    (("--bicep-types-ref", "nope", "--namespace", "Microsoft.Search"), "download failed (HTTP Error 404"),
    (("--bicep-types-ref", "broken", "--namespace", "Microsoft.Search"), "not a readable .tar.gz"),
    (("--bicep-types-ref", "v2030", "--namespace", "Microsoft.Nothing"), "no generated/**/types.json for Microsoft.Nothing"),
    (("--bicep-types-ref", "v2030", "--namespace", "Microsoft.Search", "--azurerm-version", "latest"),
     "--azurerm-version latest: a provider version"),
])
def test_update_refuses_bad_sources_and_leaves_no_index(cache, server, args, message):
    www, url = server
    _archive(www / "v2030")
    (www / "broken").write_bytes(b"<html>not an archive</html>")
    base = ["oracles", "update", "--bicep-types-url", url, "--schema-json", str(SCHEMA)]
    if "--azurerm-version" not in args:
        base += ["--azurerm-version", "9.9.9"]
    result = invoke(*base, *args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert not cache.exists()


def test_update_fetches_only_over_https_or_from_this_machine(cache):
    result = invoke("oracles", "update", "--bicep-types-url", "http://example.invalid/archive",
                    "--namespace", "Microsoft.Search", "--azurerm-version", "9.9.9", "--schema-json", str(SCHEMA))
    assert result.exit_code == 2 and "only https:// URLs" in result.output


def test_update_without_terraform_or_schema_says_what_to_do(cache, server, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = invoke("oracles", "update", "--only", "azurerm", "--azurerm-version", "9.9.9")
    assert result.exit_code == 2 and "terraform is not on PATH" in result.output and "--schema-json" in result.output


def test_a_broken_user_index_is_passed_over_and_status_says_so(cache):
    cache.mkdir(parents=True)
    (cache / "PROVENANCE.json").write_text('{"format": 99}')
    found = locate()
    assert found.path == SHIPPED and "ignored" in found.notes[0]
    info = json.loads(invoke("oracles", "status", "--json").stdout)
    assert info["origin"] == "shipped" and info["overrides_shipped"] is False
    assert info["user_index"]["state"].startswith("ignored: index format 99")


def test_status_of_the_shipped_index(cache):
    result = invoke("oracles", "status")
    assert result.exit_code == 0
    assert f"oracles: {SHIPPED} (shipped with archkit)" in result.output
    assert "azurerm: 4.79.0" in result.output and "[MIT]" in result.output and "[MPL-2.0]" in result.output


def test_environment_and_option_must_name_an_index(tmp_path, cache, monkeypatch):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "azure-resource-types.json").write_text("{}")
    result = invoke("oracles", "status", "--oracles", str(raw))
    assert result.exit_code == 2 and "not an archkit index" in result.output and "generator.oracles.build" in result.output
    monkeypatch.setenv("ARCHKIT_ORACLES", str(tmp_path / "nowhere"))
    result = invoke("oracles", "status")
    assert result.exit_code == 2 and "ARCHKIT_ORACLES" in result.output and "no PROVENANCE.json there" in result.output
    monkeypatch.setenv("ARCHKIT_ORACLES", str(SHIPPED))
    info = json.loads(invoke("oracles", "status", "--json").stdout)
    assert info["origin"] == "environment" and info["overrides_shipped"] is True
