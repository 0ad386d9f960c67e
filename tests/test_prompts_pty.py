"""Interactive `archkit new` through a pseudo-terminal: the installed console script, a real tty.

Each answer is checked as it is typed and asked again with the reason; Ctrl-C exits 130 with
nothing written; a kit's required tag is asked for; a summary and a confirmation come first.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pexpect
import pytest
import yaml

from conftest import missing

ARCHKIT = Path(sys.executable).parent / "archkit"
CONTOSO = Path(__file__).parent / "fixtures" / "kits" / "contoso"


@pytest.fixture
def spawn(tmp_path):
    if not ARCHKIT.is_file():
        missing(str(ARCHKIT), "`make venv` installs the archkit console script")
    children = []

    def start(*args: str) -> pexpect.spawn:
        env = {**os.environ, "ARCHKIT_CACHE_DIR": str(tmp_path / "cache"), "NO_COLOR": "1", "TERM": "xterm"}
        env.pop("FORCE_COLOR", None)
        child = pexpect.spawn(str(ARCHKIT), list(args), cwd=str(tmp_path), env=env, encoding="utf-8",
                              timeout=60, dimensions=(40, 100))
        children.append(child)
        return child

    yield start
    for child in children:
        if child.isalive():
            child.terminate(force=True)


def finish(child: pexpect.spawn) -> tuple[int, str]:
    """Wait for the end; return the exit status and everything printed since the last match."""
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus, child.before


def test_a_wrong_location_is_asked_again_then_the_render_completes(spawn, tmp_path):
    out = tmp_path / "work" / "demo"
    child = spawn("new", "rag", "--iac", "bicep", "--name", "demo", "--environment", "dev", "--no-git", "-o", str(out))
    child.expect(r"location \[swedencentral\]: ")
    child.sendline("mars")
    child.expect(r"location 'mars' is not an Azure region archkit knows")
    refusal = child.before + child.after
    child.expect(r"location \[swedencentral\]: ")
    assert "--location" not in refusal + child.before, "the prompt must not name an option the user never typed"
    child.sendline("West Europe")
    child.expect(r"network \(public/private\) \[public\]: ")
    child.sendline("")
    child.expect(r"output\s+" + str(out))
    child.expect(r"Write (\d+) files to .*\? \[Y/n\]: ")
    count = int(child.match.group(1))
    child.sendline("y")
    status, rest = finish(child)
    assert status == 0, rest
    answers = yaml.safe_load((out / ".archkit" / "answers.yml").read_text())["answers"]
    assert answers["location"] == "westeurope" and answers["network"] == "public"
    assert len([p for p in out.rglob("*") if p.is_file()]) == count


def test_ctrl_c_at_the_second_prompt_exits_130_and_writes_nothing(spawn, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    child = spawn("new", "chat-baseline", "--no-git", "-o", str(work / "never"))
    child.expect(r"name \[chat-app\]: ")
    child.sendline("")
    child.expect(r"iac \(bicep/terraform\) \[bicep\]: ")
    child.sendintr()
    status, rest = finish(child)
    assert status == 130, rest
    assert "interrupted; nothing was written" in rest
    assert "Aborted!" not in rest and "Traceback" not in rest
    assert list(work.iterdir()) == []


def test_a_tag_the_kit_requires_is_asked_for_and_checked(spawn, tmp_path):
    out = tmp_path / "kitted"
    child = spawn("new", "rag", "--kit", str(CONTOSO), "--iac", "terraform", "--name", "rag-app",
                  "--location", "swedencentral", "--environment", "dev", "--network", "public", "--no-git",
                  "-o", str(out))
    child.expect(r"Contoso cost centre that pays for the workload")
    child.expect(r"tags\.costCenter: ")
    child.sendline("finance")
    child.expect(r"value 'finance' does not match '\^cc-\[0-9\]\+\$'")
    child.expect(r"tags\.costCenter: ")
    assert "--set" not in child.before
    child.sendline("cc-42")
    child.expect(r"costCenter=cc-42")
    child.expect(r"\[Y/n\]: ")
    child.sendline("")
    status, rest = finish(child)
    assert status == 0, rest
    recorded = yaml.safe_load((out / ".archkit" / "answers.yml").read_text())
    assert recorded["answers"]["tags"] == {"costCenter": "cc-42"}


def test_a_suggested_name_is_valid_and_enter_accepts_it(spawn, tmp_path):
    out = tmp_path / "named"
    child = spawn("new", "rag", "--iac", "bicep", "--location", "swedencentral", "--environment", "dev",
                  "--network", "public", "--no-git", "-o", str(out))
    child.expect(r"name \[rag-app\]: ")
    child.sendline("My_Rag_Application_Name")
    child.expect(r"name 'My_Rag_Application_Name' contains uppercase letters")
    child.expect(r"for example '([a-z0-9-]+)'")
    suggestion = child.match.group(1)
    child.expect(r"name \[" + suggestion + r"\]: ")
    child.sendline("")
    child.expect(r"\[Y/n\]: ")
    child.sendline("y")
    status, rest = finish(child)
    assert status == 0, rest
    assert yaml.safe_load((out / ".archkit" / "answers.yml").read_text())["answers"]["name"] == suggestion


def test_a_question_with_one_possible_answer_is_not_asked_and_no_declines(spawn, tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    # chat-basic supports the public network only: no network question
    child = spawn("new", "chat-basic", "--iac", "bicep", "--name", "basic", "--location", "swedencentral",
                  "--environment", "dev", "--no-git", "-o", str(work / "basic"))
    child.expect(r"network\s+public")
    child.expect(r"\[Y/n\]: ")
    assert "network (" not in child.before
    child.sendline("n")
    status, rest = finish(child)
    assert status == 1, rest
    assert "not confirmed; nothing was written" in rest
    assert list(work.iterdir()) == []


def test_optional_components_are_asked_for_and_checked(spawn, tmp_path):
    out = tmp_path / "ml"
    child = spawn("new", "aml-baseline", "--iac", "bicep", "--name", "ml", "--location", "swedencentral",
                  "--environment", "dev", "--network", "private", "--no-git", "-o", str(out))
    child.expect(r"options: optional components, comma-separated ids, all or none \(jump-box: ")
    child.expect(r"options \[none\]: ")
    child.sendline("jumpbox")
    child.expect(r"options: 'jumpbox' is not an option of aml-baseline")
    child.expect(r"did you mean jump-box\?")
    child.expect(r"options \[none\]: ")
    child.sendline("jump-box")
    child.expect(r"options\s+jump-box")
    child.expect(r"\[Y/n\]: ")
    child.sendline("y")
    status, rest = finish(child)
    assert status == 0, rest
    assert yaml.safe_load((out / ".archkit" / "answers.yml").read_text())["answers"]["options"] == ["jump-box"]
    assert (out / "infra" / "modules" / "jump-box.bicep").is_file()
