"""Platform-team kits: the contoso sample applied through the CLI, refusals, PATH@REF, validate."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from generator.cli import app

runner = CliRunner()
CONTOSO = Path(__file__).parent / "fixtures" / "kits" / "contoso"
ENTRIES = ("chat-basic", "rag", "tdsp")
ALLOWED_LOCATIONS = "/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c"
KEY_ACCESS = "/providers/Microsoft.Authorization/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc"


def new(*args):
    return runner.invoke(app, ["new", *args])


def kit_copy(tmp_path: Path, name: str = "kit") -> Path:
    dest = tmp_path / name
    shutil.copytree(CONTOSO, dest)
    return dest


def edit(kit: Path, old: str, new_text: str) -> None:
    path = kit / "kit.yaml"
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new_text, 1))


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


@pytest.fixture(scope="module")
def contoso_repos(tmp_path_factory):
    """The contoso kit applied to three entries in both flavours, through `archkit new`."""
    base = tmp_path_factory.mktemp("contoso")
    out = {}
    for arch in ENTRIES:
        for iac in ("bicep", "terraform"):
            target = base / f"{arch}-{iac}"
            result = new(arch, "--iac", iac, "--kit", str(CONTOSO), "--set", "tags.costCenter=cc-1",
                         "--no-input", "--no-git", "-o", str(target))
            assert result.exit_code == 0, result.output
            out[(arch, iac)] = target
    return out


# --- the sample kit applied ---------------------------------------------------------------------


@pytest.mark.parametrize("arch", ENTRIES)
@pytest.mark.parametrize("iac", ["bicep", "terraform"])
def test_contoso_kit_shapes_the_repository(contoso_repos, arch, iac, catalog):
    root = contoso_repos[(arch, iac)]
    recorded = yaml.safe_load((root / ".archkit" / "answers.yml").read_text())
    assert recorded["kit"]["name"] == "contoso" and recorded["kit"]["version"] == "1.0.0"
    # a folder kit is recorded relative to the repository, never as this machine's absolute path
    assert recorded["kit"]["source"] == Path(os.path.relpath(CONTOSO, root)).as_posix()
    assert recorded["kit"]["ref"] is None
    assert recorded["answers"]["tags"] == {"costCenter": "cc-1"}  # the fixed tag comes from the kit, not answers
    assert recorded["answers"]["location"] == "swedencentral"

    comps = [catalog.components[c] for c in catalog.architecture(arch).components]
    named = [c for c in comps if c.naming.style != "fixed"]
    if iac == "bicep":
        main = (root / "infra" / "main.bicep").read_text()
        names = dict(re.findall(r"^  (\w+): '(.+)'$", main.split("var names = {", 1)[1].split("\n}", 1)[0], re.M))
        for c in named:
            expr = names[re.sub(r"-(\w)", lambda m: m.group(1).upper(), c.id)]
            assert expr.startswith("cto") and c.abbreviation in expr, (c.id, expr)
        assert "'owner': 'platform-team@contoso.com'" in main and "'costCenter': 'cc-1'" in main
        assert main.count("'Microsoft.Authorization/policyAssignments@") == 2
        assert f"policyDefinitionId: '{ALLOWED_LOCATIONS}'" in main and f"policyDefinitionId: '{KEY_ACCESS}'" in main
        assert "listOfAllowedLocations: {" in main
    else:
        locals_tf = (root / "infra" / "locals.tf").read_text()
        for c in named:
            assert re.search(rf'^\s+{c.id.replace("-", "_")}\s+= "cto-?{c.abbreviation}', locals_tf, re.M), c.id
        assert '"owner"' in locals_tf and '"platform-team@contoso.com"' in locals_tf and '"cc-1"' in locals_tf
        policies = (root / "infra" / "policies.tf").read_text()
        assert policies.count('resource "azurerm_resource_group_policy_assignment"') == 2
        assert 'data "azurerm_resource_group" "this"' in policies
        assert "resource_group_id    = data.azurerm_resource_group.this.id" in policies
        assert ALLOWED_LOCATIONS in policies and KEY_ACCESS in policies
    governance = (root / "docs" / "checklists" / "governance.md").read_text()
    security = (root / "docs" / "checklists" / "security.md").read_text()
    assert re.search(r"\*\*CTO-GOV-01\*\* \(medium\) .*_\(platform kit\)_", governance)
    assert re.search(r"\*\*CTO-SEC-01\*\* \(high\) .*_\(platform kit\)_", security)
    owners = (root / "CODEOWNERS").read_text()
    assert "@contoso/platform-team" in owners and f"@contoso/{recorded['answers']['name']}-team" in owners
    workflow = (root / ".github" / "workflows" / "contoso-policy.yml").read_text()
    assert "${{ github.repository }}" in workflow  # copy_without_render: not Jinja


@pytest.mark.parametrize("arch", ENTRIES)
@pytest.mark.parametrize("iac", ["bicep", "terraform"])
def test_contoso_output_passes_archkit_validate(contoso_repos, arch, iac, oracle_root, catalog):
    from generator.validate import validate_repository

    root = contoso_repos[(arch, iac)]
    other = contoso_repos[(arch, "terraform" if iac == "bicep" else "bicep")]
    report = validate_repository(root, oracle_root, catalog=catalog, compare=other)
    assert not report.errors, "\n".join(map(str, report.errors))


def test_resource_names_resolve_identically_in_python_bicep_and_terraform(catalog):
    from generator.kits.naming import Convention
    from generator.render import naming

    conv = Convention(pattern="{prefix}{abbr}_{workload}-{env}-{suffix}{postfix}", prefix="CTO-", postfix="x",
                      separator="-", abbreviations={"key-vault": "vlt"})
    for style in ("hyphen", "compact"):
        expected = naming.resolve(style, "kv", "contoso-chat", "prd", "ab12", conv)
        b = naming.bicep_expr(style, "kv", conv).strip("'")
        b = b.replace("${replace(workloadName, '-', '')}", "contosochat").replace("${workloadName}", "contoso-chat")
        assert b.replace("${environmentCode}", "prd").replace("${nameSuffix}", "ab12") == expected
        t = naming.terraform_expr(style, "kv", conv).strip('"')
        t = t.replace('${replace(var.workload_name, "-", "")}', "contosochat").replace("${var.workload_name}", "contoso-chat")
        assert t.replace("${local.environment_code}", "prd").replace("${var.name_suffix}", "ab12") == expected
    assert naming.resolve("hyphen", "kv", "chat", "dev", "ab12", conv) == "cto-kv_chat-dev-ab12x"
    assert naming.resolve("compact", "st", "my-chat", "dev", "ab12", conv) == "ctostmychatdevab12x"
    assert naming.abbreviation(catalog.components["key-vault"], conv) == "vlt"
    underscore = Convention(prefix="cto-", separator="_", pattern="{prefix}{abbr}-{workload}-{env}-{suffix}")
    assert naming.resolve("hyphen", "log", "chat", "dev", "ab12", underscore) == "cto-log_chat_dev_ab12"


def test_the_default_convention_reproduces_the_built_in_names(catalog):
    from generator.kits.naming import Convention
    from generator.render import naming

    for c in catalog.components.values():
        if c.naming.style == "fixed":
            continue
        for fn in (naming.bicep_expr, naming.terraform_expr):
            assert fn(c.naming.style, c.abbreviation, Convention()) == fn(c.naming.style, c.abbreviation)


def test_a_kit_that_sets_nothing_changes_nothing_but_the_record(tmp_path, catalog):
    from generator.kits import load_kit
    from generator.render import render_files
    from generator.render.answers import resolve

    kit_dir = tmp_path / "bare"
    kit_dir.mkdir()
    (kit_dir / "kit.yaml").write_text("name: bare\nversion: '1'\n")
    kit = load_kit(str(kit_dir), catalog=catalog)
    for arch, iac in (("chat-baseline", "terraform"), ("rag", "bicep")):
        given = {"architecture": arch, "iac": iac, "name": "cc-app"}
        plain, _ = render_files(catalog, resolve(catalog, given=dict(given)))
        with_kit, _ = render_files(catalog, resolve(catalog, given=dict(given), kit=kit), kit=kit)
        plain.pop(".archkit/answers.yml")
        recorded = yaml.safe_load(with_kit.pop(".archkit/answers.yml"))
        portal = yaml.safe_load(with_kit.pop("catalog-info.yaml"))  # the portal entry names the kit too
        assert "archkit/kit" not in yaml.safe_load(plain.pop("catalog-info.yaml"))["metadata"]["annotations"]
        assert plain == with_kit
        assert recorded["kit"]["name"] == "bare"
        assert portal["metadata"]["annotations"]["archkit/kit"] == "bare"


def test_kit_defaults_regions_and_network_modes(tmp_path):
    kit = kit_copy(tmp_path)
    edit(kit, "regions:\n", "defaults:\n  iac: terraform\n  environment: prod\nnetwork:\n  allowed: [private]\n"
                            "regions:\n")
    out = tmp_path / "out"
    result = new("rag", "--kit", str(kit), "--set", "tags.costCenter=cc-7", "--no-input", "--no-git", "-o", str(out))
    assert result.exit_code == 0, result.output
    answers = yaml.safe_load((out / ".archkit" / "answers.yml").read_text())["answers"]
    assert (answers["iac"], answers["environment"], answers["network"]) == ("terraform", "prod", "private")
    empty = tmp_path / "empty"
    empty.mkdir()
    result = new("chat-basic", "--kit", str(kit), "--set", "tags.costCenter=cc-7", "--no-input", "-o", str(empty / "x"))
    assert result.exit_code == 2
    assert "--network 'public' is not allowed by kit contoso" in result.output and "allows: private" in result.output
    assert list(empty.iterdir()) == []


# --- refusals: exit 2, a clear message, nothing written --------------------------------------------


def refused(tmp_path: Path, *args: str):
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    result = new(*args, "--no-input", "-o", str(work / "repo"))
    assert result.exit_code == 2, result.output
    assert list(work.iterdir()) == [], "something was written"
    assert "Traceback" not in result.output
    return result.output


def test_region_outside_the_kit_is_refused(tmp_path):
    out = refused(tmp_path, "chat-basic", "--kit", str(CONTOSO), "--set", "tags.costCenter=cc-1", "--location", "eastus2")
    assert "--location 'eastus2' is not allowed by kit contoso 1.0.0" in out
    assert f"kit.yaml:{line_of(CONTOSO / 'kit.yaml', 'allowed: [swedencentral')}" in out
    assert "swedencentral, westeurope" in out


def test_missing_required_tag_is_refused(tmp_path):
    out = refused(tmp_path, "rag", "--kit", str(CONTOSO), "--iac", "terraform")
    assert "requires the tag 'costCenter'" in out
    assert "--set tags.costCenter=VALUE" in out


def test_tag_values_are_checked(tmp_path):
    out = refused(tmp_path, "rag", "--kit", str(CONTOSO), "--set", "tags.costCenter=finance")
    assert "'finance' does not match '^cc-[0-9]+$'" in out
    out = refused(tmp_path, "rag", "--kit", str(CONTOSO), "--set", "tags.costCenter=cc-1", "--set", "tags.owner=me")
    assert "tag 'owner' is fixed to 'platform-team@contoso.com'" in out


def test_naming_pattern_that_breaks_a_rule_is_refused(tmp_path):
    kit = kit_copy(tmp_path)
    edit(kit, 'prefix: "cto-"', 'prefix: "contoso-platform-"')
    out = refused(tmp_path, "tdsp", "--kit", str(kit), "--set", "tags.costCenter=cc-1")
    assert "Key Vault name 'contoso-platform-kv-" in out and "allows 3-24" in out
    assert "naming" in out and "kit.yaml:" in out


def test_a_name_too_long_for_the_kits_naming_gets_the_budget(tmp_path):
    out = refused(tmp_path, "tdsp", "--kit", str(CONTOSO), "--set", "tags.costCenter=cc-1",
                  "--name", "contoso-chat")
    assert "--name 'contoso-chat' yields invalid resource names" in out
    assert "at most 8 characters" in out


@pytest.mark.parametrize("broken, needle, message", [
    ("description: Contoso platform", "description: Contoso: platform", "not valid YAML: mapping values are not allowed here"),
    ("  allowed: [swedencentral, westeurope]", "  allowed: swedencentral", "regions.allowed: 'swedencentral' is not of type 'array'"),
    ("  - name: owner", "  - nmae: owner", "tags.0: Additional properties are not allowed"),
    ("  allowed: [swedencentral, westeurope]", "  allowed: [swedencentral, marscentral]", "'marscentral' is not an Azure region"),
    ("/policyDefinitions/71ef260a-8f18-47b7-abcb-62d0673d94dc", "/policyDefinitions/not-a-guid", "policies.1.definition_id"),
])
def test_malformed_kit_yaml_is_refused_with_file_and_line(tmp_path, broken, needle, message):
    kit = kit_copy(tmp_path)
    edit(kit, broken, needle)
    out = refused(tmp_path, "rag", "--kit", str(kit), "--set", "tags.costCenter=cc-1")
    line = line_of(kit / "kit.yaml", needle.strip().split(":")[0] if "nmae" in needle else needle.strip())
    assert f"kit.yaml:{line}:" in out, out
    assert message in out


@pytest.mark.parametrize("where", ["hooks/post_gen_project.py", "overlay/hooks/pre_gen_project.sh",
                                   "overlay/tools/bootstrap.py", "local_extensions.py"])
def test_code_in_a_kit_is_refused_without_trust(tmp_path, where):
    kit = kit_copy(tmp_path)
    marker = tmp_path / "hook-ran"
    (kit / where).parent.mkdir(parents=True, exist_ok=True)
    (kit / where).write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    out = refused(tmp_path, "rag", "--kit", str(kit), "--set", "tags.costCenter=cc-1")
    assert "contains code" in out and where in out and "--trust" in out and "ARCHKIT_TRUSTED_KITS" in out
    target = tmp_path / "trusted"
    result = new("rag", "--kit", str(kit), "--trust", "--set", "tags.costCenter=cc-1", "--no-input", "--no-git",
                 "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "does not run its hooks" in result.output
    assert not marker.exists(), "a kit hook ran"


def test_declared_jinja_extensions_are_refused_and_named(tmp_path):
    kit = kit_copy(tmp_path)
    edit(kit, "overlay:\n", "_extensions: [contoso_ext.Helpers]\noverlay:\n")
    out = refused(tmp_path, "rag", "--kit", str(kit), "--set", "tags.costCenter=cc-1")
    assert f"kit.yaml:{line_of(kit / 'kit.yaml', '_extensions')}: _extensions: contoso_ext.Helpers" in out


def test_trusted_sources_setting_accepts_a_kit_with_code(tmp_path, monkeypatch):
    kit = kit_copy(tmp_path)
    (kit / "hooks").mkdir()
    (kit / "hooks" / "pre_gen_project.py").write_text("raise SystemExit(1)\n")
    monkeypatch.setenv("ARCHKIT_TRUSTED_KITS", os.pathsep.join(["/nonexistent", str(kit)]))
    result = new("rag", "--kit", str(kit), "--set", "tags.costCenter=cc-1", "--no-input", "--no-git",
                 "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output


def test_overlay_paths_must_stay_inside_the_repository(tmp_path):
    kit = kit_copy(tmp_path)
    (kit / "overlay" / "leak").symlink_to("/etc/hostname")
    out = refused(tmp_path, "rag", "--kit", str(kit), "--set", "tags.costCenter=cc-1")
    assert "overlay/leak" in out and "outside the kit folder" in out
    (kit / "overlay" / "leak").unlink()
    (kit / "overlay" / "{{ '..' }}").mkdir()
    (kit / "overlay" / "{{ '..' }}" / "escape.txt").write_text("x")
    out = refused(tmp_path, "rag", "--kit", str(kit), "--set", "tags.costCenter=cc-1")
    assert "renders to '../escape.txt'" in out and "inside the repository" in out
    shutil.rmtree(kit / "overlay" / "{{ '..' }}")
    (kit / "overlay" / ".archkit").mkdir()
    (kit / "overlay" / ".archkit" / "answers.yml").write_text("x")
    out = refused(tmp_path, "rag", "--kit", str(kit), "--set", "tags.costCenter=cc-1")
    assert ".archkit/ belongs to archkit" in out


def test_overlay_templates_run_sandboxed(tmp_path):
    kit = kit_copy(tmp_path)
    (kit / "overlay" / "evil.md").write_text("{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    out = refused(tmp_path, "rag", "--kit", str(kit), "--set", "tags.costCenter=cc-1")
    assert "overlay/evil.md:1: overlay: does not render: SecurityError" in out, out
    (kit / "overlay" / "evil.md").write_text("{% set _ = ak.tags.update({'x': 'y'}) %}\n")
    out = refused(tmp_path, "rag", "--kit", str(kit), "--set", "tags.costCenter=cc-1")
    assert "SecurityError" in out


def test_overlay_replaces_a_template_file(tmp_path):
    kit = kit_copy(tmp_path)
    (kit / "overlay" / "README.md").write_text("# {{ ak.workload }}\n\nContoso readme for {{ ak.arch.id }}.\n")
    out = tmp_path / "out"
    result = new("rag", "--kit", str(kit), "--set", "tags.costCenter=cc-1", "--no-input", "--no-git", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "README.md").read_text() == "# rag-app\n\nContoso readme for rag.\n"


# --- PATH@REF ------------------------------------------------------------------------------------


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@x"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout.strip()


def test_kit_pinned_to_a_git_ref(tmp_path, catalog):
    from generator.kits import kit_status, load_recorded_kit

    repo = kit_copy(tmp_path, "platform-kit")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "kit 1.0.0")
    git(repo, "tag", "v1")
    v1 = git(repo, "rev-parse", "HEAD")
    edit(repo, "version: 1.0.0", "version: 1.1.0")
    git(repo, "commit", "-q", "-am", "kit 1.1.0")
    edit(repo, "version: 1.1.0", "version: 9.9.9-dirty")  # uncommitted: never read through @REF

    out = tmp_path / "out"
    result = new("tdsp", "--kit", f"{repo}@v1", "--set", "tags.costCenter=cc-1", "--no-input", "--no-git", "-o", str(out))
    assert result.exit_code == 0, result.output
    info = yaml.safe_load((out / ".archkit" / "answers.yml").read_text())["kit"]
    assert info["version"] == "1.0.0" and info["ref"] == "v1" and info["commit"] == v1
    assert info["source"] == "../platform-kit"  # relative to the repository, not this machine's path

    assert load_recorded_kit(info, catalog=catalog, root=out).version == "1.0.0"  # the tag did not move
    info_main = {**info, "ref": "main", "commit": v1}
    newer = load_recorded_kit(info_main, catalog=catalog, root=out)
    assert newer.version == "1.1.0" and newer.commit != v1
    status = kit_status(info_main, newer)
    assert status["newer"] and status["changed"] and status["recorded_version"] == "1.0.0"
    pinned = load_recorded_kit(info_main, pinned=True, catalog=catalog, root=out)
    assert pinned.version == "1.0.0" and pinned.commit == v1 and pinned.ref == "main"

    out = refused(tmp_path, "tdsp", "--kit", f"{repo}@v7", "--set", "tags.costCenter=cc-1")
    assert "no such ref" in out and "v1" in out


def test_kit_in_a_subfolder_of_a_git_repository(tmp_path, catalog):
    from generator.kits import load_kit

    mono = tmp_path / "platform"
    shutil.copytree(CONTOSO, mono / "kits" / "contoso")
    git(mono, "init", "-q", "-b", "main")
    git(mono, "add", "-A")
    git(mono, "commit", "-q", "-m", "kits")
    git(mono, "tag", "kits-1")
    (mono / "kits" / "contoso" / "kit.yaml").write_text("not: [valid")  # the working tree is never read
    kit = load_kit(f"{mono / 'kits' / 'contoso'}@kits-1", catalog=catalog)
    assert (kit.name, kit.ref, kit.commit) == ("contoso", "kits-1", git(mono, "rev-parse", "HEAD"))
    assert {f.path for f in kit.overlay} == {"CODEOWNERS", ".github/workflows/contoso-policy.yml"}


def test_compare_versions():
    from generator.kits import compare_versions

    assert compare_versions("1.10.0", "1.9.3") == 1
    assert compare_versions("1.0", "1.0.0") == 0
    assert compare_versions("2.0.0-rc1", "2.0.0") == -1
    assert compare_versions("1.0.0", "1.0.1") == -1


# --- archkit kit init / validate -------------------------------------------------------------------


def test_sample_kit_validates():
    result = runner.invoke(app, ["kit", "validate", str(CONTOSO)])
    assert result.exit_code == 0, result.output
    assert "kit contoso 1.0.0 is valid" in result.output
    assert "up to 8 characters" in result.output


def test_kit_init_writes_a_commented_kit_that_validates(tmp_path):
    target = tmp_path / "acme-platform"
    result = runner.invoke(app, ["kit", "init", str(target)])
    assert result.exit_code == 0, result.output
    text = (target / "kit.yaml").read_text()
    assert "name: acme-platform" in text and text.count("\n#") > 20
    result = runner.invoke(app, ["kit", "validate", str(target)])
    assert result.exit_code == 0, result.output
    # every commented example, uncommented, is a valid kit too
    lines = []
    for line in text.splitlines():
        m = re.match(r"^# ([a-z_]+:)$|^#( {2,}.*)$", line)  # section heads, indented example lines
        lines.append((m.group(1) or m.group(2)[1:]) if m else line)
    (target / "kit.yaml").write_text("\n".join(lines) + "\n")
    kit = yaml.safe_load((target / "kit.yaml").read_text())
    assert {"naming", "tags", "regions", "network", "policies", "checklist", "defaults", "overlay"} <= set(kit)
    result = runner.invoke(app, ["kit", "validate", str(target)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["kit", "init", str(target)]).exit_code == 2  # never overwrites


def test_kit_validate_reports_every_problem_with_file_and_line(tmp_path):
    kit = kit_copy(tmp_path)
    edit(kit, 'prefix: "cto-"', 'prefix: "contoso-platform-"')
    (kit / "overlay" / "broken.md").write_text("line one\n{{ ak.no_such_key }}\n")
    result = runner.invoke(app, ["kit", "validate", str(kit)])
    assert result.exit_code == 1, result.output
    naming_line = line_of(kit / "kit.yaml", "naming:")
    assert f"kit.yaml:{naming_line}: naming: Azure Key Vault name 'contoso-platform-kv-ab-" in result.output
    assert "overlay/broken.md:2: overlay: does not render: UndefinedError" in result.output

    kit2 = kit_copy(tmp_path, "kit2")
    edit(kit2, "  default: swedencentral", "  default: eastus2")
    edit(kit2, 'pattern: "{prefix}{abbr}-{workload}-{env}-{suffix}"', 'pattern: "{prefix}{abbr}-{workload}-{env}"')
    result = runner.invoke(app, ["kit", "validate", str(kit2)])
    assert result.exit_code == 1, result.output
    assert f"kit.yaml:{line_of(kit2 / 'kit.yaml', 'default: eastus2')}: regions.default: 'eastus2' is not in regions.allowed" in result.output
    assert "the pattern needs {suffix}" in result.output


def test_kit_validate_on_a_folder_without_kit_yaml(tmp_path):
    result = runner.invoke(app, ["kit", "validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "kit.yaml: (top): not found" in result.output and "archkit kit init" in result.output
