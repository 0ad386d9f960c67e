"""Optional components: `options:` in a catalog entry, the `options` answer, and what they render.

The mechanism is exercised on a copy of the catalog in which chat-baseline's jump box is an
option, so these tests hold whatever the shipped entries make optional; the shipped options
themselves are rendered by the render matrix and the coverage test.
"""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from generator.catalog import load_catalog
from generator.catalog import options as catalog_options
from generator.errors import CatalogError, InputError
from generator.paths import catalog_dir
from generator.render import render_files
from generator.render.answers import load_answers_file, parse_set_pairs, resolve


def _with_option(tmp_path, monkeypatch, edit=None):
    monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), root)
    path = root / "architectures" / "chat-baseline.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["components"].remove("jump-box")
    doc["options"] = [{"id": "jump-box", "title": "Bastion and a jump box", "components": ["jump-box"],
                       "reason": "operators may reach Foundry from the hub instead"}]
    if edit:
        edit(doc)
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return load_catalog(root, use_cache=False)


def _render(catalog, **given):
    answers = resolve(catalog, given={"architecture": "chat-baseline", "iac": "bicep", "network": "private", **given})
    files, ak = render_files(catalog, answers)
    return answers, files, ak


def _answers_yml(files) -> dict:
    return yaml.safe_load(files[".archkit/answers.yml"])["answers"]


def test_an_option_not_chosen_renders_nothing_of_it_and_says_so(tmp_path, monkeypatch):
    catalog = _with_option(tmp_path, monkeypatch)
    answers, files, ak = _render(catalog)
    assert answers.options == ()
    assert "infra/modules/jump-box.bicep" not in files
    assert "jump-box" not in ak["component_ids"]
    assert "bastion" not in ak["address_plan"]["subnets"]
    # the README edge to the jump box goes with it, and the README says how to add it
    readme = files["README.md"].decode()
    assert "(`jump-box`): not rendered; operators may reach Foundry from the hub instead" in readme
    assert "options" not in _answers_yml(files)


@pytest.mark.parametrize("value", ["jump-box", "all", " jump-box , "])
def test_a_chosen_option_renders_its_components_and_is_recorded(tmp_path, monkeypatch, value):
    catalog = _with_option(tmp_path, monkeypatch)
    answers, files, ak = _render(catalog, **parse_set_pairs([f"options={value}"]))
    assert answers.options == ("jump-box",)
    assert "infra/modules/jump-box.bicep" in files
    assert re.search(r"^module jumpBox 'modules/jump-box.bicep'", files["infra/main.bicep"].decode(), re.M)
    assert {"bastion", "jumpBox"} <= set(ak["address_plan"]["subnets"])
    assert "(`jump-box`): rendered here" in files["README.md"].decode()
    assert _answers_yml(files)["options"] == ["jump-box"]


def test_the_same_choice_renders_the_same_files_as_a_default_component(tmp_path, monkeypatch, catalog):
    """An option adds exactly what listing the component by default adds (README aside)."""
    optional = _with_option(tmp_path, monkeypatch)
    _, with_option, _ = _render(optional, options="jump-box")
    _, default, _ = _render(catalog)
    assert set(with_option) == set(default)
    differ = sorted(p for p in default if with_option[p] != default[p])
    # main.bicep declares the optional modules after the default ones: same lines, another order
    assert differ == [".archkit/answers.yml", "README.md", "infra/main.bicep"]
    assert sorted(with_option["infra/main.bicep"].splitlines()) == sorted(default["infra/main.bicep"].splitlines())


def test_unknown_options_are_refused_with_the_entry_list(tmp_path, monkeypatch, catalog):
    optional = _with_option(tmp_path, monkeypatch)
    with pytest.raises(InputError) as exc:
        _render(optional, options="jumpbox")
    assert "'jumpbox' is not an option of chat-baseline" in exc.value.message
    assert exc.value.hint == "did you mean jump-box?"
    with pytest.raises(InputError) as exc:
        _render(catalog, options="dns")  # the shipped chat-baseline: the jump box is a default component
    assert "chat-baseline has no optional components" in exc.value.message
    with pytest.raises(InputError):
        catalog_options.parse(optional.architecture("chat-baseline"), 3)


def test_an_answers_file_takes_a_list(tmp_path, monkeypatch):
    catalog = _with_option(tmp_path, monkeypatch)
    path = tmp_path / "answers.yml"
    path.write_text("name: contoso\noptions: [jump-box]\n")
    given = load_answers_file(path)
    answers, files, _ = _render(catalog, **given)
    assert answers.options == ("jump-box",)
    path.write_text("options: [1, 2]\n")
    with pytest.raises(InputError) as exc:
        load_answers_file(path)
    assert exc.value.message.startswith(f"{path}:1: options: expected a list of option ids")


def test_identities_and_roles_of_a_component_left_out_are_left_out(tmp_path, monkeypatch):
    def grant_on_jump_box(doc):
        doc["identities"].append({"name": "operators", "type": "user",
                                  "roles": [{"role": "Key Vault Secrets User", "scope": "jump-box"}]})

    catalog = _with_option(tmp_path, monkeypatch, grant_on_jump_box)
    arch = catalog.architecture("chat-baseline")
    assert "operators" not in {i.name for i in catalog_options.effective(arch, ()).identities}
    chosen = catalog_options.effective(arch, ("jump-box",))
    assert "operators" in {i.name for i in chosen.identities}
    assert all(e["from"] != "jump-box" for e in catalog_options.effective(arch, ()).flow)
    assert any(e["from"] == "jump-box" for e in chosen.flow)


@pytest.mark.parametrize("edit, problem", [
    (lambda d: d["options"].append(dict(d["options"][0])), "option 'jump-box' is listed twice"),
    (lambda d: d["options"][0]["components"].append("ai-foundry"), "component 'ai-foundry' is already rendered by default"),
    (lambda d: d["options"][0]["components"].append("no-such"), "unknown component 'no-such'"),
])
def test_the_catalog_refuses_inconsistent_options(tmp_path, monkeypatch, edit, problem):
    with pytest.raises(CatalogError) as exc:
        _with_option(tmp_path, monkeypatch, edit)
    assert problem in str(exc.value)
    assert "chat-baseline.yaml:" in str(exc.value)


# --- through the CLI, on a shipped entry with options ---------------------------------------


def test_new_then_update_adds_and_removes_an_option_keeping_user_edits(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from conftest import git, isolate_git
    from generator.cli import app

    (tmp_path / "gitcfg").mkdir()
    isolate_git(monkeypatch, tmp_path / "gitcfg")
    runner = CliRunner()
    root = tmp_path / "ml"
    result = runner.invoke(app, ["new", "aml-baseline", "--iac", "terraform", "--network", "private", "--no-input",
                                 "-o", str(root)])
    assert result.exit_code == 0, result.output
    assert not (root / "infra/modules/dns-resolver").exists()
    readme = root / "README.md"
    readme.write_text(readme.read_text() + "\nOur own notes.\n")
    git(root, "commit", "-qam", "my notes")

    result = runner.invoke(app, ["update", str(root), "--set", "options=dns-resolver"])
    assert result.exit_code == 0, result.output
    assert (root / "infra/modules/dns-resolver/main.tf").is_file()
    assert 'module "dns_resolver"' in (root / "infra/main.tf").read_text()
    assert yaml.safe_load((root / ".archkit/answers.yml").read_text())["answers"]["options"] == ["dns-resolver"]
    assert readme.read_text().endswith("\nOur own notes.\n")
    assert "(`dns-resolver`): rendered here" in readme.read_text()

    result = runner.invoke(app, ["update", str(root), "--set", "options="])
    assert result.exit_code == 0, result.output
    assert not (root / "infra/modules/dns-resolver").exists()
    assert "options" not in yaml.safe_load((root / ".archkit/answers.yml").read_text())["answers"]
    assert readme.read_text().endswith("\nOur own notes.\n")

    result = runner.invoke(app, ["update", str(root), "--set", "options=dnsresolver"])
    assert result.exit_code == 2
    assert "options: 'dnsresolver' is not an option of aml-baseline" in result.output


def test_show_lists_the_options_with_their_reasons():
    from typer.testing import CliRunner

    from generator.cli import app

    result = CliRunner().invoke(app, ["show", "aml-baseline", "--json"])
    assert result.exit_code == 0, result.output
    import json

    options = {o["id"]: o for o in json.loads(result.output)["options"]}
    assert {"jump-box", "dns-resolver", "build-agents", "compute-instance"} <= set(options)
    assert all(o["reason"] and o["components"] for o in options.values())
    text = CliRunner().invoke(app, ["show", "aml-baseline"]).output
    assert "Optional components (--set options=ID,ID or options=all):" in text
    assert "dns-resolver:" in text
