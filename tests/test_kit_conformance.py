"""Kit conformance: what a kit mandates stays in the code (validate, check), and the fleet view."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import mutate
from generator.cli import app

runner = CliRunner()
CONTOSO = Path(__file__).parent / "fixtures" / "kits" / "contoso"
KEY_ACCESS = "/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc"


@pytest.fixture(scope="module")
def renders(tmp_path_factory, oracle_root):
    """chat-basic in both flavours with the contoso kit (kit beside the repositories)."""
    base = tmp_path_factory.mktemp("conformance")
    shutil.copytree(CONTOSO, base / "kit")
    out = {}
    for iac in ("bicep", "terraform"):
        target = base / iac
        result = runner.invoke(app, ["new", "chat-basic", "--iac", iac, "--name", "kchat", "--location", "swedencentral",
                                     "--kit", str(base / "kit"), "--set", "tags.costCenter=cc-1", "--no-input",
                                     "--no-git", "-o", str(target)])
        assert result.exit_code == 0, result.output
        out[iac] = target
    return out


@pytest.fixture
def repo(renders, tmp_path, request):
    """A private copy of one flavour, with the kit beside it as in the original."""
    iac = request.param
    shutil.copytree(renders[iac].parent / "kit", tmp_path / "kit")
    shutil.copytree(renders[iac], tmp_path / iac)
    return tmp_path / iac


def validate(root: Path):
    result = runner.invoke(app, ["validate", str(root), "--json"])
    assert "Traceback" not in result.output
    return result.exit_code, json.loads(result.stdout)


def conformance(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["rule"] == "kit-conformance"]


@pytest.mark.parametrize("iac", ["bicep", "terraform"])
def test_a_fresh_render_conforms(renders, iac):
    code, report = validate(renders[iac])
    assert code == 0 and conformance(report) == [] and report["errors"] == 0
    checked = runner.invoke(app, ["check", str(renders[iac])])
    assert checked.exit_code == 0, checked.output


# (flavour, file, old, new, file the finding names, words it says)
MUTATIONS = [
    ("bicep", "infra/main.bicep", "  'costCenter': 'cc-1'\n", "", "infra/main.bicep", "'costCenter' is missing"),
    ("bicep", "infra/main.bicep", "'owner': 'platform-team@contoso.com'", "'owner': 'someone-else'", "infra/main.bicep",
     "the kit requires 'platform-team@contoso.com'"),
    ("bicep", "infra/main.bicep", "var resourceTags = union(tags, kitTags)", "var resourceTags = union(kitTags, tags)",
     "infra/main.bicep", "union(tags, kitTags)"),
    ("bicep", "infra/main.bicep", "param location string = 'swedencentral'", "param location string = 'eastus'",
     "infra/main.bicep", "'eastus' is not one of the kit's allowed regions"),
    ("bicep", "infra/parameters/prod.parameters.json", '"location": { "value": "swedencentral" }',
     '"location": { "value": "eastus" }', "infra/parameters/prod.parameters.json", "'eastus' is not one of"),
    ("bicep", "infra/main.bicep", "@allowed([\n  'swedencentral'\n  'westeurope'\n])\nparam location",
     "param location", "infra/main.bicep", "does not restrict the region"),
    ("bicep", "infra/modules/log-analytics.bicep", "  tags: tags\n", "", "infra/modules/log-analytics.bicep",
     "has no tags"),
    ("terraform", "infra/locals.tf", '    "costCenter" = "cc-1"\n', "", "infra/locals.tf", "'costCenter' is missing"),
    ("terraform", "infra/locals.tf", "}, var.tags, local.kit_tags)", "}, local.kit_tags, var.tags)", "infra/locals.tf",
     "merge local.kit_tags last"),
    ("terraform", "infra/variables.tf", 'default     = "swedencentral"', 'default     = "eastus"',
     "infra/variables.tf", "'eastus' is not one of the kit's allowed regions"),
    ("terraform", "infra/environments/prod.tfvars", 'environment         = "prod"',
     'environment         = "prod"\nlocation            = "eastus"', "infra/environments/prod.tfvars",
     "'eastus' is not one of"),
    ("terraform", "infra/variables.tf", 'contains(["swedencentral", "westeurope"], var.location)', "true",
     "infra/variables.tf", "does not restrict the region"),
    ("terraform", "infra/modules/log-analytics/main.tf", "tags                         = var.tags",
     "tags                         = {}",
     "infra/modules/log-analytics/main.tf", "leaves out var.tags"),
    ("terraform", "infra/main.tf", "tags                = local.tags", "tags                = var.tags",
     "infra/main.tf", "leaves out local.tags"),
]


@pytest.mark.parametrize("repo, file, old, new, where, says",
                         [pytest.param(m[0], *m[1:], id=f"{m[0]}-{m[5][:28]}") for m in MUTATIONS], indirect=["repo"])
def test_removing_what_the_kit_mandates_is_a_finding(repo, file, old, new, where, says):
    text = (repo / file).read_text()
    if text.count(old) > 1:  # module calls repeat the same line: change the first
        (repo / file).write_text(text.replace(old, new, 1))
    else:
        mutate(repo, file, old, new)
    code, report = validate(repo)
    found = conformance(report)
    assert code == 1, report
    assert any(f["file"] == where and says in f["message"] and "kit contoso 1.0.0" in f["message"] for f in found), found
    checked = runner.invoke(app, ["check", str(repo), "--json"])
    assert checked.exit_code == 1
    data = json.loads(checked.stdout)
    assert data["status"] == "nonconforming" and any(says in c for c in data["conformance"])


@pytest.mark.parametrize("repo", ["bicep", "terraform"], indirect=True)
def test_a_deleted_policy_assignment_or_kit_file_is_a_finding(repo):
    suffix = ".bicep" if repo.name == "bicep" else ".tf"
    for path in (repo / "infra").rglob(f"*{suffix}"):
        text = path.read_text()
        if KEY_ACCESS in text:
            path.write_text(text.replace(KEY_ACCESS, "/providers/Microsoft.Authorization/policyDefinitions/other"))
    (repo / "CODEOWNERS").unlink()
    _, report = validate(repo)
    messages = [f["message"] for f in conformance(report)]
    assert any("policy assignment cto-ai-key-access-disabled" in m for m in messages), messages
    assert any(f["file"] == "CODEOWNERS" and "required by the kit" in f["message"] for f in conformance(report))


@pytest.mark.parametrize("repo", ["terraform"], indirect=True)
def test_an_unreachable_kit_is_a_note_not_a_finding(repo):
    shutil.rmtree(repo.parent / "kit")
    result = runner.invoke(app, ["validate", str(repo)])
    assert result.exit_code == 0, result.output
    assert "kit conformance not checked" in result.output


# --- archkit status -----------------------------------------------------------------------------


def test_status_rows_for_a_fleet(renders, tmp_path):
    plain = tmp_path / "plain"
    assert runner.invoke(app, ["new", "rag", "--iac", "bicep", "--name", "plain", "--location", "swedencentral",
                               "--no-input", "--no-git", "-o", str(plain)]).exit_code == 0
    stale = tmp_path / "stale"
    shutil.copytree(plain, stale)
    answers = stale / ".archkit" / "answers.yml"
    answers.write_text(re.sub(r"(infra/main\.bicep: )sha256:\w+", r"\1sha256:" + "0" * 64, answers.read_text()))
    listing = tmp_path / "repos.txt"
    listing.write_text(f"# our fleet\n{plain}\n\n{stale}\n{tmp_path / 'missing'}\n")

    result = runner.invoke(app, ["status", str(renders["bicep"]), "--from-file", str(listing)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["REPOSITORY", "ENTRY", "IAC", "ARCHKIT", "KIT", "DRIFT"]
    by_repo = {ln.split()[0]: ln for ln in lines[1:-1]}
    assert by_repo[str(renders["bicep"])].split()[1:5] == ["chat-basic", "bicep", "0.1.0", "contoso"]
    assert by_repo[str(renders["bicep"])].endswith("current")
    assert by_repo[str(stale)].endswith("update available")
    assert "error:" in by_repo[str(tmp_path / "missing")]
    assert lines[-1] == "4 repositories: 2 current, 1 error, 1 update-available"

    as_json = runner.invoke(app, ["status", str(plain), str(stale), "--json"])
    data = json.loads(as_json.stdout)
    assert data["schema"] == "archkit/status/v1" and data["counts"] == {"current": 1, "update-available": 1}
    assert [r["repository"] for r in data["repositories"]] == [str(plain), str(stale)]
    assert data["repositories"][0]["architecture"] == "rag" and data["repositories"][0]["iac"] == "bicep"

    assert runner.invoke(app, ["status", str(plain)]).exit_code == 0


def test_status_refuses_an_empty_or_unreadable_list(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing\n\n")
    result = runner.invoke(app, ["status", "--from-file", str(empty)])
    assert result.exit_code == 2 and "lists no repository folders" in result.output
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 2 and "no repository folders given" in result.output
    link = tmp_path / "link.txt"
    link.symlink_to("/dev/zero")
    result = runner.invoke(app, ["status", "--from-file", str(link)])
    assert result.exit_code == 2 and "cannot read the list" in result.output


def test_status_clones_a_remote_kit_once_for_the_whole_fleet(tmp_path, monkeypatch):
    from generator import fleet
    from generator.kits import source

    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    work = tmp_path / "kit-work"
    shutil.copytree(CONTOSO, work)
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "kit"], ["tag", "v1.0.0"]):
        subprocess.run([*git, *args], cwd=work, check=True, capture_output=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(tmp_path / "kit.git")], check=True)
    url = (tmp_path / "kit.git").as_uri()
    roots = []
    for i in range(3):
        target = tmp_path / f"r{i}"
        assert runner.invoke(app, ["new", "tdsp", "--iac", "terraform", "--name", f"fleet{i}", "--location",
                                   "swedencentral", "--kit", f"{url}@v1.0.0", "--set", "tags.costCenter=cc-1",
                                   "--no-input", "--no-git", "-o", str(target)]).exit_code == 0
        roots.append(str(target))
    calls = []
    real = source._bare_clone
    monkeypatch.setattr(source, "_bare_clone", lambda spec: calls.append(spec.url) or real(spec))
    rows = fleet.status(roots, jobs=1)
    assert [r.status for r in rows] == ["current"] * 3, [r.drift for r in rows]
    assert calls == [url]  # one clone serves every repository (and every load within one)


def test_every_entry_carries_the_kits_tags_on_every_taggable_resource(catalog, tmp_path_factory):
    """A kit applied to each entry in both flavours: no taggable resource misses the mandatory tags."""
    from generator.kits import conformance

    base = tmp_path_factory.mktemp("every-entry")
    shutil.copytree(CONTOSO, base / "kit")
    problems = []
    for arch in sorted(catalog.architectures):
        for iac in ("bicep", "terraform"):
            target = base / f"{arch}-{iac}"
            result = runner.invoke(app, ["new", arch, "--iac", iac, "--name", "kt", "--location", "swedencentral",
                                         "--kit", str(base / "kit"), "--set", "tags.costCenter=cc-1", "--no-input",
                                         "--no-git", "-o", str(target)])
            assert result.exit_code == 0, result.output
            problems += [f"{arch}-{iac}: {f}" for f in conformance.conformance_findings(target)]
    assert problems == []
