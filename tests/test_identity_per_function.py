"""One identity per function: in the entries whose web app, function app (and any other compute)
once shared the workload identity, each compute runs as its own user-assigned identity, and the
rendered role assignments give each identity exactly the roles the catalog's identity table gives it.

The rendered IaC is read back (not the render context): which identity module main passes to each
compute, which principal each module's role lists go to, and which roles those lists hold.
"""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from generator.cli import app

runner = CliRunner()
ENTRIES = {"doc-processing": "public", "rag": "public", "ai-gateway": "private"}
COMPUTE = ("app-service", "function-app")  # the compute modules these entries render


def _blocks(text: str, opener: str) -> dict[str, str]:
    """Top-level blocks of main.bicep / main.tf by name, for a regex opener with one name group."""
    out = {}
    for m in re.finditer(opener, text, re.M):
        end = text.find("\n}\n", m.end())
        out[m.group(1)] = text[m.end():end]
    return out


def _rendered(root, iac: str, role_names: dict[str, str]):
    """(compute module -> identity module symbol, {(identity symbol, role, module)}) as rendered."""
    infra = root / "infra"
    if iac == "bicep":
        main = (infra / "main.bicep").read_text()
        modules = _blocks(main, r"^module (\w+) 'modules/([\w-]+)\.bicep' = \{")
        sources = {s: re.search(rf"^module {s} 'modules/([\w-]+)\.bicep'", main, re.M).group(1) for s in modules}
        identity_of = r"identityId: (\w+)\.outputs\.id"
        passes = r"^\s+(\w+PrincipalId): (\w+)\.outputs\.principalId$"
        lists = r"^var (\w+) = \[\n(.*?)^\]"
        users = r"for roleId in (\w+): \{.*?principalId: (\w+)\n"
        files = {p.stem: p.read_text() for p in (infra / "modules").glob("*.bicep")}
    else:
        main = (infra / "main.tf").read_text()
        modules = _blocks(main, r'^module "(\w+)" \{')
        sources = {s: re.search(r'source\s+= "\./modules/([\w-]+)"', b).group(1) for s, b in modules.items()}
        identity_of = r"identity_id\s+= module\.(\w+)\.id"
        passes = r"^\s+(\w+_principal_id)\s+= module\.(\w+)\.principal_id$"
        lists = r"^  (\w+) = \{\n(.*?)^  \}"
        users = r"for_each = local\.(\w+)\n.*?principal_id\s+= var\.(\w+)\n"
        files = {p.parent.name: p.read_text() for p in (infra / "modules").glob("*/main.tf")}
    compute = {}
    for symbol, body in modules.items():
        if sources[symbol] in COMPUTE:
            m = re.search(identity_of, body)
            assert m, f"{sources[symbol]} is not given an identity in main"
            compute[sources[symbol]] = m.group(1)
    grants = set()
    for symbol, body in modules.items():
        module = sources[symbol]
        principals = dict(re.findall(passes, body, re.M))  # module parameter -> identity module symbol
        text = files[module]
        role_lists = {name: re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", items)
                      for name, items in re.findall(lists, text, re.M | re.S)}
        for list_name, param in re.findall(users, text, re.S):
            if param in ("developerPrincipalId", "developer_principal_id"):
                continue  # a person's roles, not a managed identity's
            assert param in principals, f"main does not pass {param} to module {module}"
            for guid in role_lists[list_name]:
                grants.add((principals[param], role_names[guid], module))
    return compute, grants


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    base = tmp_path_factory.mktemp("identities")
    out = {}
    for entry, network in ENTRIES.items():
        for iac in ("bicep", "terraform"):
            root = base / f"{entry}-{iac}"
            result = runner.invoke(app, ["new", entry, "--iac", iac, "--network", network, "--name", "idt",
                                         "--no-input", "--no-git", "-y", "-o", str(root)])
            assert result.exit_code == 0, result.output
            out[entry, iac] = root
    return out


@pytest.mark.parametrize("iac", ["bicep", "terraform"])
@pytest.mark.parametrize("entry", list(ENTRIES))
def test_each_compute_runs_as_its_own_identity_with_exactly_its_catalog_roles(entry, iac, repos, catalog):
    arch = catalog.architecture(entry)
    role_names = {r.id: r.name for r in catalog.roles.values()}
    compute, grants = _rendered(repos[entry, iac], iac, role_names)

    rendered_compute = {c for c in COMPUTE if c in arch.components}
    assert set(compute) == rendered_compute
    assert len(set(compute.values())) == len(compute), f"two compute resources share an identity: {compute}"

    owned = {i.compute: i for i in arch.identities if i.compute}
    assert set(owned) == rendered_compute, "every compute needs its own identity in the catalog entry"
    shared = [i.name for i in arch.identities if i.type == "user-assigned" and not i.module and not i.compute]
    assert shared == [], f"{entry} still has a shared workload identity: {shared}"

    for name, ident in owned.items():
        expected = {(g.role, catalog.components[g.scope].module) for g in ident.roles}
        got = {(role, module) for symbol, role, module in grants if symbol == compute[name]}
        assert got == expected, f"{name}'s identity: rendered {sorted(got)}, catalog {sorted(expected)}"
    assert {symbol for symbol, _r, _m in grants} <= set(compute.values()), \
        f"roles go to an identity no compute runs as: {sorted(grants)}"
