"""`archkit new` through the CLI: defaults, prompts, dry run, refusals, atomic writes."""

from __future__ import annotations

import subprocess

import pytest
import yaml
from typer.testing import CliRunner

from generator.cli import app

runner = CliRunner()


def snapshot(root):
    return sorted((str(p.relative_to(root)), p.read_bytes() if p.is_file() else b"") for p in root.rglob("*"))


def new(*args):
    return runner.invoke(app, ["new", *args])


def test_no_input_renders_a_git_repository_with_one_commit(tmp_path):
    out = tmp_path / "contoso-chat"
    result = new("chat-baseline", "--iac", "terraform", "--name", "contoso-chat", "--location", "swedencentral",
                 "--no-input", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "infra" / "main.tf").is_file() and (out / "README.md").is_file()
    log = subprocess.run(["git", "log", "--oneline"], cwd=out, capture_output=True, text=True).stdout.splitlines()
    assert len(log) == 1
    status = subprocess.run(["git", "status", "--porcelain"], cwd=out, capture_output=True, text=True).stdout
    assert status == ""
    answers = yaml.safe_load((out / ".archkit" / "answers.yml").read_text())
    assert answers["answers"]["architecture"] == "chat-baseline"
    assert answers["answers"]["name"] == "contoso-chat"
    assert answers["archkit_version"]
    files = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert set(answers["digests"]) == files - {".archkit/answers.yml"}
    assert not list(tmp_path.glob(".archkit-tmp-*"))


def test_no_git(tmp_path):
    out = tmp_path / "x"
    assert new("chat-basic", "--no-input", "--no-git", "-o", str(out)).exit_code == 0
    assert not (out / ".git").exists() and (out / "infra").is_dir()


def test_dry_run_writes_nothing(tmp_path):
    out = tmp_path / "dry"
    result = new("rag", "--iac", "bicep", "--no-input", "--dry-run", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "infra/main.bicep" in result.output and "network: public" in result.output
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_prompts_ask_for_missing_values(tmp_path, monkeypatch):
    import generator.cli.new_cmd as new_cmd

    monkeypatch.setattr(new_cmd, "_interactive", lambda: True)
    out = tmp_path / "prompted"
    # name, iac, location, environment, network
    result = runner.invoke(app, ["new", "chat-baseline", "-o", str(out), "--no-git"],
                           input="promptapp\nterraform\nwesteurope\nprod\npublic\ny\n")
    assert result.exit_code == 0, result.output
    answers = yaml.safe_load((out / ".archkit" / "answers.yml").read_text())["answers"]
    assert answers["name"] == "promptapp" and answers["iac"] == "terraform"
    assert answers["location"] == "westeurope" and answers["environment"] == "prod" and answers["network"] == "public"


def test_non_empty_target_is_refused_and_untouched(tmp_path):
    out = tmp_path / "existing"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    before = snapshot(out)
    result = new("chat-basic", "--no-input", "-o", str(out))
    assert result.exit_code == 2
    assert "exists and is not empty" in result.output and "--force" in result.output
    assert snapshot(out) == before


def test_force_writes_archkit_files_and_keeps_others(tmp_path):
    out = tmp_path / "existing"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = new("chat-basic", "--no-input", "--force", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert (out / "notes.txt").read_text() == "mine"
    assert "Basic Microsoft Foundry chat" in (out / "README.md").read_text()
    assert not list(out.glob(".archkit-tmp-*"))


def test_force_never_overwrites_a_file_archkit_did_not_write(tmp_path):
    out = tmp_path / "existing"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "README.md").write_text("old readme")
    before = snapshot(out)
    result = new("chat-basic", "--no-input", "--force", "-o", str(out))
    assert result.exit_code == 2, result.output
    assert "README.md: a file archkit did not write" in result.output and "nothing was written" in result.output
    assert snapshot(out) == before


@pytest.mark.parametrize("args, message", [
    (["--name", "a" * 30], "yields invalid resource names"),
    (["--name", "Contoso"], "uppercase"),
    (["--name", "../escape"], "path separator"),
    (["--location", "marsnorth"], "not an Azure region"),
    (["--location", "swedencentrl"], "did you mean swedencentral"),
    (["--network", "landing-zone"], "not supported by chat-baseline"),
    (["--iac", "pulumi"], "use bicep or terraform"),
    (["--environment", "qa"], "use dev, test or prod"),
])
def test_invalid_input_is_refused_before_anything_is_written(tmp_path, args, message):
    out = tmp_path / "never"
    result = new("chat-baseline", "--no-input", "-o", str(out), *args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_name_rule_message_names_the_resource_and_budget(tmp_path):
    result = new("chat-baseline", "--no-input", "--name", "contoso-chat-platform", "-o", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "Key Vault" in result.output and "3-24" in result.output and "at most" in result.output


def test_injected_failure_mid_render_leaves_nothing(tmp_path, catalog):
    from generator.errors import TargetError
    from generator.render import new_repository
    from generator.render.answers import resolve

    answers = resolve(catalog, given={"architecture": "chat-basic"})
    out = tmp_path / "half"
    with pytest.raises(TargetError, match="No space left"):
        new_repository(catalog, answers, out, fail_after=3)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_set_and_answers_file(tmp_path):
    answers_file = tmp_path / "answers.yml"
    answers_file.write_text("name: fromfile\nenvironment: test\n")
    out = tmp_path / "o"
    result = new("chat-basic", "--no-input", "--no-git", "--answers-file", str(answers_file),
                 "--set", "name_suffix=zz99", "--set", "tags.costCenter=cc-42", "-o", str(out))
    assert result.exit_code == 0, result.output
    recorded = yaml.safe_load((out / ".archkit" / "answers.yml").read_text())["answers"]
    assert recorded["name"] == "fromfile" and recorded["environment"] == "test"
    assert recorded["name_suffix"] == "zz99" and recorded["tags"] == {"costCenter": "cc-42"}
    assert "cc-42" in (out / "infra" / "main.bicep").read_text()


KIT = __import__("pathlib").Path(__file__).parent / "fixtures" / "kits" / "contoso"


@pytest.mark.parametrize("kit", [False, True])
@pytest.mark.parametrize("option, bad", [
    ("--name", "My_Rag_Application_Name"), ("--name", "Contoso Chat!!"), ("--name", "9lives-app"),
    ("--name", "café-bot"), ("--name", "azure-chat"), ("--name", "a" * 40), ("--name", "x--y"),
    ("--location", "swedencentrl"), ("--location", "eastus3"), ("--location", "West Europ"),
])
def test_every_suggestion_is_an_answer_that_is_accepted(tmp_path, kit, option, bad):
    import re

    extra = ["--kit", str(KIT), "--set", "tags.costCenter=cc-1"] if kit else []
    base = ["tdsp", "--no-input", "--dry-run", "-o", str(tmp_path / "x"), *extra]
    refused = new(*base, option, bad)
    assert refused.exit_code == 2, refused.output
    suggested = re.findall(r"for example '([^']+)'", refused.output)
    if option == "--location":
        hint = re.search(r"did you mean ([a-z0-9, ]+)\?", refused.output)
        suggested = hint.group(1).split(", ") if hint else []
    if bad in ("My_Rag_Application_Name", "swedencentrl"):
        assert suggested, refused.output  # these have an obvious valid neighbour
    for value in suggested:
        accepted = new(*base, option, value)
        assert accepted.exit_code == 0, f"suggested {value!r} for {bad!r} is refused:\n{accepted.output}"
