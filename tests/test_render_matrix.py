"""Every catalog entry x flavour x network mode renders, parses and names real Azure things."""

from __future__ import annotations

import re

import hcl2
import pytest
from pycep import BicepParser

from conftest import matrix, options_matrix

UNRENDERED = re.compile(r"\{\{\s*(cookiecutter|ak)\b|\{%|\{#|\bcookiecutter\.")
# the default answers in every mode, and every optional component chosen (4-tuples)
COMBOS = matrix() + options_matrix()


@pytest.fixture(scope="session")
def renders(rendered, rendered_options):
    return {**rendered, **rendered_options}


def test_matrix_covers_every_entry_both_flavours_and_modes(catalog, rendered):
    assert {k[0] for k in rendered} == set(catalog.architectures)
    assert {k[1] for k in rendered} == {"bicep", "terraform"}
    assert len(rendered) == sum(2 * len(a.network_supported) for a in catalog.architectures.values())


@pytest.mark.parametrize("combo", COMBOS, ids=["-".join(c) for c in COMBOS])
def test_rendered_repository(combo, renders, arm, azurerm, catalog):
    root, files, ak = renders[combo]
    arch_id, iac, mode = combo[:3]
    for rel, data in files.items():
        text = data.decode("utf-8")
        assert not UNRENDERED.search(text), f"{rel}: unrendered template syntax"
    for area in ("resource-selection", "networking", "governance", "management", "security"):
        assert f"docs/checklists/{area}.md" in files
    modules = {c["module"] for c in ak["components"] if c["deployed"]}
    if iac == "bicep":
        assert {f"infra/modules/{m}.bicep" for m in modules} <= set(files)
        assert not any(f.endswith(".tf") for f in files)
        for rel in (f for f in files if f.endswith(".bicep")):
            _check_bicep(root / rel, rel, arm)
    else:
        assert {f"infra/modules/{m}/main.tf" for m in modules} <= set(files)
        assert not any(f.endswith(".bicep") for f in files)
        for rel in (f for f in files if f.endswith(".tf")):
            _check_terraform(files[rel].decode(), rel, azurerm)


def _check_bicep(path, rel, arm):
    parsed = BicepParser().parse(file_path=path)
    for name, res in (parsed.get("resources") or {}).items():
        t = arm.get(res["type"].lower())
        assert t is not None, f"{rel}: {name}: unknown ARM type {res['type']}"
        assert res["api_version"] in t["api_versions"], f"{rel}: {res['type']}@{res['api_version']}"
        scopes = t.get("scopes", {}).get(res["api_version"], {})
        if not res.get("existing"):
            assert not scopes.get("existing_only"), f"{rel}: {res['type']} can only be referenced"


def _check_terraform(text, rel, azurerm):
    parsed = hcl2.loads(text)
    for block in parsed.get("resource", []):
        for rtype, instances in block.items():
            rtype = rtype.strip('"')  # python-hcl2 8 keeps the label quotes
            if rtype.startswith("azapi_"):
                continue
            schema = azurerm.get(rtype)
            assert schema is not None, f"{rel}: unknown azurerm type {rtype}"
            assert not schema.get("deprecated"), f"{rel}: {rtype} is deprecated"
            for iname, body in instances.items():
                required = {a for a, d in schema["arguments"].items() if d.get("required")}
                missing = required - set(body)
                assert not missing, f"{rel}: {rtype}.{iname} misses {sorted(missing)}"
                for arg in body:
                    if arg in ("for_each", "count", "depends_on", "lifecycle", "provider", "dynamic") or arg.startswith("__"):
                        continue
                    assert arg in schema["arguments"] or arg in schema["blocks"], f"{rel}: {rtype}.{arg}"
                    assert not schema["arguments"].get(arg, {}).get("deprecated"), f"{rel}: {rtype}.{arg} deprecated"


@pytest.mark.parametrize("combo", [c for c in COMBOS if c[1] == "bicep"], ids=lambda c: "-".join(c))
def test_bicep_and_terraform_declare_the_same_azure_types(combo, renders, catalog):
    arch_id, _, mode, *extra = combo
    b_root = renders[combo][0]
    t_root = renders[(arch_id, "terraform", mode, *extra)][0]
    bicep_types = set()
    for path in (b_root / "infra").rglob("*.bicep"):
        for res in (BicepParser().parse(file_path=path).get("resources") or {}).values():
            if not res.get("existing"):
                bicep_types.add(res["type"].lower())
    to_arm = catalog.azurerm_to_arm()
    tf_types = set()
    for path in (t_root / "infra").rglob("*.tf"):
        for block in hcl2.loads(path.read_text()).get("resource", []):
            for rtype, instances in block.items():
                rtype = rtype.strip('"')
                if rtype == "azapi_resource":
                    for body in instances.values():
                        tf_types.add(str(body["type"]).strip('"').split("@")[0].lower())
                else:
                    assert rtype in to_arm, f"{rtype} has no ARM mapping in components.yaml"
                    tf_types |= {t.lower() for t in to_arm[rtype]}
    assert bicep_types == tf_types, {"only in Bicep": bicep_types - tf_types, "only in Terraform": tf_types - bicep_types}


@pytest.mark.parametrize("combo", COMBOS, ids=["-".join(c) for c in COMBOS])
def test_archkit_validate_finds_no_errors(combo, renders, oracle_root, catalog):
    """The validator (syntax, references, oracle types/properties, checklist claims) is clean:
    no errors and no warnings (stale API versions, deprecated arguments, unused parameters)."""
    from generator.validate import validate_repository

    root, files, ak = renders[combo]
    report = validate_repository(root, oracle_root, catalog=catalog)
    assert not report.errors, "\n".join(str(f) for f in report.errors)
    assert not report.findings, "\n".join(str(f) for f in report.findings)
    ticked = sum(p["done"] for p in ak["progress"].values())
    assert ticked > 0, "every entry has at least one claim proven by its code"


MERMAID_NODE = re.compile(r"\b\w+(\[\(|\(\[|\[\[|\[|\(\(|\()(.*?)(\)\]|\]\)|\]\]|\]|\)\)|\))\s*(?:-|$)")


@pytest.mark.parametrize("combo", [c for c in COMBOS if c[1] == "terraform"], ids=lambda c: "-".join(c))
def test_readme_diagram_labels_are_valid_mermaid(combo, renders):
    """A bare label holding (, ), [ or ] breaks Mermaid's parser: such labels must be quoted."""
    root, files, ak = renders[combo]
    text = files["README.md"].decode("utf-8")
    block = re.search(r"```mermaid\n(.*?)```", text, re.S)
    assert block, "README has no Mermaid diagram"
    labels = 0
    for line in block.group(1).splitlines():
        for m in MERMAID_NODE.finditer(line):
            label = m.group(2)
            labels += 1
            if re.search(r"[()\[\]]", label):
                assert label.startswith('"') and label.endswith('"'), f"unquoted Mermaid label {label!r}: {line.strip()}"
            if label.startswith('"'):
                assert '"' not in label[1:-1], f"quote inside a Mermaid label: {line.strip()}"
    assert labels >= len([c for c in ak["components"] if c["deployed"] and c["id"] not in
                          ("log-analytics", "managed-identity", "virtual-network", "private-dns", "app-gateway")])
