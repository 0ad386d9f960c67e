"""Kit sources that travel: git URLs, gh:, @ref, relative folders, newer tags, --kit-ref."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import isolate_git
from generator.cli import app
from generator.errors import KitError
from generator.kits import source

runner = CliRunner()
CONTOSO = Path(__file__).parent / "fixtures" / "kits" / "contoso"


@pytest.fixture(autouse=True)
def isolated_git(tmp_path, monkeypatch):
    isolate_git(monkeypatch, tmp_path)


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def cli(*args: str):
    return runner.invoke(app, list(args))


def set_version(kit: Path, version: str) -> None:
    text = (kit / "kit.yaml").read_text()
    start = text.index("\nversion: ") + 1
    end = text.index("\n", start)
    (kit / "kit.yaml").write_text(text[:start] + f"version: {version}" + text[end:])


def published_kit(tmp_path: Path) -> tuple[Path, str]:
    """The contoso kit authored in a folder, tagged v0.1.0 and v0.2.0 (+ a pre-release), pushed to a bare repository."""
    work = tmp_path / "kit-work"
    shutil.copytree(CONTOSO, work)
    git(work, "init", "-q", "-b", "main")
    set_version(work, "0.1.0")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "kit 0.1.0")
    git(work, "tag", "v0.1.0")
    set_version(work, "0.2.0")
    (work / "overlay" / "CODEOWNERS").write_text("* @contoso/platform-v2\n")
    git(work, "commit", "-q", "-am", "kit 0.2.0")
    git(work, "tag", "v0.2.0")
    set_version(work, "0.3.0-rc.1")
    git(work, "commit", "-q", "-am", "kit 0.3.0-rc.1")
    git(work, "tag", "v0.3.0-rc.1")
    bare = tmp_path / "kit.git"
    git(tmp_path, "clone", "-q", "--bare", str(work), str(bare))
    return work, bare.as_uri()


# --- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, url, ref, given", [
    ("gh:contoso/platform-kit@v0.1.0", "https://github.com/contoso/platform-kit.git", "v0.1.0", "gh:contoso/platform-kit"),
    ("gh:contoso/platform-kit", "https://github.com/contoso/platform-kit.git", None, "gh:contoso/platform-kit"),
    ("https://github.com/contoso/platform-kit@v0.1.0", "https://github.com/contoso/platform-kit", "v0.1.0",
     "https://github.com/contoso/platform-kit"),
    ("https://git.example.com/org/kit.git@release/2026", "https://git.example.com/org/kit.git", "release/2026",
     "https://git.example.com/org/kit.git"),
    ("https://user@git.example.com/org/kit.git", "https://user@git.example.com/org/kit.git", None,
     "https://user@git.example.com/org/kit.git"),
    ("ssh://git@github.com/contoso/kit.git@v1.0.0", "ssh://git@github.com/contoso/kit.git", "v1.0.0",
     "ssh://git@github.com/contoso/kit.git"),
    ("git@github.com:contoso/kit.git", "git@github.com:contoso/kit.git", None, "git@github.com:contoso/kit.git"),
    ("git@github.com:contoso/kit.git@v2", "git@github.com:contoso/kit.git", "v2", "git@github.com:contoso/kit.git"),
    ("file:///srv/kits/kit.git@3f2a9c1", "file:///srv/kits/kit.git", "3f2a9c1", "file:///srv/kits/kit.git"),
])
def test_git_sources_parse(text, url, ref, given):
    spec = source.parse_spec(text)
    assert (spec.url, spec.ref, spec.given, spec.remote) == (url, ref, given, True)


@pytest.mark.parametrize("text, needle", [
    ("https://user:s3cret@git.example.com/org/kit.git", "embeds a password"),
    ("ext::sh -c touch% /tmp/pwned", "transport is not allowed"),
    ("git://git.example.com/org/kit.git", "transport is not allowed"),
    ("http://git.example.com/org/kit.git", "transport is not allowed"),
    ("gh:not-a-repo", "gh: takes ORG/REPO"),
    ("gh:contoso/kit@--upload-pack=evil", "is not a git ref"),
    ("https://github.com/contoso/kit@v1..v2", "is not a git ref"),
    ("https:///org/kit.git", "no host"),
    ("", "--kit is empty"),
])
def test_bad_sources_are_refused(text, needle):
    with pytest.raises(KitError) as err:
        source.parse_spec(text)
    assert needle in err.value.message


def test_a_relative_folder_is_relative_to_the_base(tmp_path):
    spec = source.parse_spec("../kit@v1", base=tmp_path / "repo")
    assert spec.path == tmp_path / "kit" and spec.ref == "v1" and not spec.remote
    assert source.recorded_source(spec, tmp_path / "repo") == "../kit"


def test_version_tags_sort_semantically():
    tags = ["v1.10.0", "v1.2.0", "v1.2.0-rc.2", "v1.2.0-rc.10", "1.3.0", "latest", "v0.9.9"]
    ordered = sorted((t for t in tags if source.is_version(t)), key=source.version_key)
    assert ordered == ["v0.9.9", "v1.2.0-rc.2", "v1.2.0-rc.10", "v1.2.0", "1.3.0", "v1.10.0"]


def test_trusted_kits_setting_takes_urls_and_folders(tmp_path, monkeypatch):
    monkeypatch.setenv("ARCHKIT_TRUSTED_KITS", f"gh:contoso/kit{os.pathsep}{tmp_path}{os.pathsep}https://h.example/o/k.git")
    assert source.is_trusted(source.parse_spec("gh:contoso/kit@v1"))
    assert source.is_trusted(source.parse_spec("https://h.example/o/k.git@v2"))
    assert source.is_trusted(source.parse_spec(str(tmp_path)))
    assert not source.is_trusted(source.parse_spec("gh:evil/kit"))


# --- the whole loop through the CLI -------------------------------------------------------------


def test_kit_from_a_bare_repository_travels_and_updates(tmp_path):
    work, url = published_kit(tmp_path)
    repo = tmp_path / "workload"
    result = cli("new", "chat-basic", "--iac", "terraform", "--name", "kchat", "--location", "swedencentral",
                 "--kit", f"{url}@v0.1.0", "--set", "tags.costCenter=cc-1", "--no-input", "-o", str(repo))
    assert result.exit_code == 0, result.output
    recorded = yaml.safe_load((repo / ".archkit" / "answers.yml").read_text())["kit"]
    assert recorded["source"] == url and recorded["ref"] == "v0.1.0" and recorded["version"] == "0.1.0"
    shutil.rmtree(work)  # the author's folder is gone; the published repository is what counts

    # a user edit, committed
    readme = repo / "README.md"
    readme.write_text(readme.read_text() + "\nOur own runbook link.\n")
    git(repo, "commit", "-q", "-am", "our edit")

    checked = cli("check", str(repo), "--json")
    assert checked.exit_code == 1, checked.output
    assert '"newer_tags": [\n      "v0.2.0"\n    ]' in checked.output  # the pre-release only with --pre
    pre = cli("check", str(repo), "--pre")
    assert "v0.2.0, v0.3.0-rc.1" in pre.output

    updated = cli("update", str(repo), "--kit-ref", "v0.2.0")
    assert updated.exit_code == 0, updated.output
    assert "Our own runbook link." in readme.read_text()
    assert (repo / "CODEOWNERS").read_text() == "* @contoso/platform-v2\n"
    text = (repo / ".archkit" / "answers.yml").read_text()
    recorded = yaml.safe_load(text)["kit"]
    assert recorded["ref"] == "v0.2.0" and recorded["version"] == "0.2.0" and recorded["source"] == url
    # no path of this machine other than the kit URL exactly as the user gave it
    assert str(tmp_path) not in text.replace(url, "")
    assert str(work) not in text and "archkit-kit-" not in text

    again = cli("check", str(repo))
    assert again.exit_code == 0, again.output


def test_a_folder_kit_moves_with_its_repository(tmp_path):
    """A kit beside the repository is recorded as ../kit, so a copy of both elsewhere still updates."""
    first = tmp_path / "here"
    kit = first / "platform-kit"
    shutil.copytree(CONTOSO, kit)
    repo = first / "workload"
    result = cli("new", "rag", "--iac", "bicep", "--name", "krag", "--location", "swedencentral",
                 "--kit", str(kit), "--set", "tags.costCenter=cc-1", "--no-input", "-o", str(repo))
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((repo / ".archkit" / "answers.yml").read_text())["kit"]["source"] == "../platform-kit"

    moved = tmp_path / "elsewhere"
    shutil.move(str(first), str(moved))
    checked = cli("check", str(moved / "workload"))
    assert checked.exit_code == 0, checked.output

    set_version(moved / "platform-kit", "1.1.0")
    checked = cli("check", str(moved / "workload"))
    assert checked.exit_code == 1 and "contoso 1.1.0" in checked.output


def test_an_unreachable_kit_source_names_it(tmp_path):
    work, url = published_kit(tmp_path)
    repo = tmp_path / "workload"
    assert cli("new", "chat-basic", "--iac", "bicep", "--name", "kchat", "--location", "swedencentral",
               "--kit", f"{url}@v0.1.0", "--set", "tags.costCenter=cc-1", "--no-input", "-o", str(repo)).exit_code == 0
    shutil.rmtree(tmp_path / "kit.git")
    result = cli("check", str(repo))
    assert result.exit_code == 2
    assert url in result.output and "cannot clone" in result.output and "Traceback" not in result.output


def test_unknown_ref_lists_the_tags(tmp_path):
    _, url = published_kit(tmp_path)
    result = cli("new", "chat-basic", "--iac", "bicep", "--name", "kchat", "--location", "swedencentral",
                 "--kit", f"{url}@v9.9.9", "--set", "tags.costCenter=cc-1", "--no-input", "-o", str(tmp_path / "w"))
    assert result.exit_code == 2
    assert "no such ref" in result.output and "v0.3.0-rc.1, v0.2.0, v0.1.0" in result.output
    assert not (tmp_path / "w").exists()


def test_kit_init_points_editors_at_a_schema_they_can_load_offline(tmp_path):
    """The modeline names a file beside kit.yaml (not a web address), and that file is archkit's schema."""
    import json
    import re

    from generator.paths import schema_dir

    target = tmp_path / "acme"
    assert cli("kit", "init", str(target)).exit_code == 0
    first = (target / "kit.yaml").read_text().splitlines()[0]
    m = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert m and "://" not in m.group(1)
    schema_file = (target / m.group(1)).resolve()
    shipped = json.loads((schema_dir() / "kit.schema.json").read_text())
    assert json.loads(schema_file.read_text()) == shipped
    printed = cli("kit", "schema")
    assert printed.exit_code == 0 and json.loads(printed.output) == shipped
    assert cli("kit", "validate", str(target)).exit_code == 0  # the schema copy is no overlay or code
