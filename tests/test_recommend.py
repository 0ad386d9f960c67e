"""Choosing an architecture: the rules in catalog/recommend.yaml, the pure function, the CLI."""

from __future__ import annotations

import itertools
import json
import shutil

import pytest
from typer.testing import CliRunner

from generator.cli import app
from generator.errors import CatalogError, InputError
from generator.paths import catalog_dir
from generator.recommend import matches, recommend, summaries_from_catalog

runner = CliRunner()

FLAGS = (True, False, None)
AUDIENCES = ("enterprise", "any", "startup", None)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("ARCHKIT_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="module")
def rules(catalog):
    assert catalog.recommend.get("rules"), "catalog/recommend.yaml is missing or empty"
    return catalog.recommend


@pytest.fixture(scope="module")
def summaries(catalog):
    return summaries_from_catalog(catalog)


def answer_space(rules):
    for g, lz, aud, sc in itertools.product(FLAGS, FLAGS, AUDIENCES, (*rules["scenarios"], None)):
        yield {"generative": g, "landing_zone": lz, "audience": aud, "scenario": sc}


def contradictory(rules, a) -> bool:
    if a["generative"] is None or a["scenario"] is None:
        return False
    return rules["scenarios"][a["scenario"]] != ("generative" if a["generative"] else "nongenerative")


def rec(rules, summaries, **answers):
    full = {"generative": None, "landing_zone": None, "audience": None, "scenario": None, **answers}
    return recommend(rules, summaries, full)


# --- the pure function, exhaustively -------------------------------------------------


def test_every_catalog_id_is_reachable(rules, summaries, catalog):
    reached = {}
    for a in answer_space(rules):
        if contradictory(rules, a):
            continue
        reached.setdefault(recommend(rules, summaries, a).id, a)
    assert set(reached) == set(catalog.architectures), sorted(set(catalog.architectures) - set(reached))
    assert len(catalog.architectures) == 13


def test_whole_answer_space_is_consistent(rules, summaries, catalog):
    """Every combination either gets a catalog entry that fits the answers, or is a named conflict."""
    count = 0
    for a in answer_space(rules):
        count += 1
        if contradictory(rules, a):
            with pytest.raises(InputError) as exc:
                recommend(rules, summaries, a)
            assert "contradictory answers" in exc.value.message and a["scenario"] in exc.value.message
            continue
        r = recommend(rules, summaries, a)
        arch = catalog.architectures[r.id]
        if a["generative"] is not None:
            assert arch.category == ("generative" if a["generative"] else "nongenerative"), (a, r.id)
        if a["scenario"] is not None:
            assert a["scenario"] in arch.scenarios, (a, r.id)
            assert r.answers["generative"] == (rules["scenarios"][a["scenario"]] == "generative")
        assert r.reasons and all(x.source.startswith("https://learn.microsoft.com/") for x in r.reasons)
        assert any(f.startswith(f"{r.id}.") for x in r.reasons for f in x.fields)
        assert len(r.alternatives) <= 2 and r.id not in {x.id for x in r.alternatives}
        assert all(x.id in catalog.architectures and x.why for x in r.alternatives)
        if a["landing_zone"] is False:
            assert r.id != "chat-baseline-alz"
    assert count == 3 * 3 * 4 * 11


def test_landing_zone_gets_the_landing_zone_baseline(rules, summaries):
    assert rec(rules, summaries, landing_zone=True).id == "chat-baseline-alz"
    assert rec(rules, summaries, landing_zone=True, generative=True, audience="enterprise").id == "chat-baseline-alz"
    assert rec(rules, summaries, landing_zone=True, scenario="chat").id == "chat-baseline-alz"


def test_startup_gets_basic(rules, summaries):
    assert rec(rules, summaries, audience="startup").id == "chat-basic"
    assert rec(rules, summaries, audience="startup", generative=True, landing_zone=False).id == "chat-basic"


def test_default_generative_is_baseline(rules, summaries):
    assert rec(rules, summaries, generative=True).id == "chat-baseline"
    assert rec(rules, summaries, generative=True, audience="enterprise", landing_zone=False).id == "chat-baseline"
    r = rec(rules, summaries)  # nothing known: the fallback, with the unknowns pointed out
    assert r.id == "chat-baseline" and r.rule == "baseline"
    assert [a.id for a in r.alternatives] == ["aml-baseline", "chat-baseline-alz"]
    assert any("not answered" in n for n in r.notes)


def test_nongenerative_by_scenario(rules, summaries):
    expect = {"documents": "doc-processing", "video": "video-analysis", "audio": "call-center-analytics",
              "prediction": "churn-prediction", "process": "tdsp", "ml-platform": "aml-baseline"}
    for scenario, arch_id in expect.items():
        assert rec(rules, summaries, scenario=scenario).id == arch_id
    assert rec(rules, summaries, generative=False).id == "aml-baseline"
    assert rec(rules, summaries, generative=False, audience="startup").id == "mlops-v2"


def test_unknown_answer_never_satisfies_a_set_condition():
    assert matches({}, {"generative": None})
    assert not matches({"landing_zone": True}, {"landing_zone": None})
    assert matches({"landing_zone": None}, {"landing_zone": None})
    assert not matches({"landing_zone": None}, {"landing_zone": False})
    assert not matches({"generative": True}, {"generative": 1})


def test_reasons_cite_fields_and_source(rules, summaries):
    r = rec(rules, summaries, audience="startup")
    rule_reason, facts = r.reasons
    assert "chat-basic.audience" in rule_reason.fields
    assert rule_reason.source.startswith("https://learn.microsoft.com/azure/cloud-adoption-framework/")
    assert "audience = startup" in facts.text and facts.source == summaries["chat-basic"]["url"]
    assert "chat-basic.links.current" in facts.fields


def test_rules_are_an_argument_a_kit_can_extend(rules, summaries):
    from generator.recommend import merge_rules

    kit = {"rules": [{"id": "kit-startups-use-baseline", "when": {"audience": "startup"}, "recommend": "chat-baseline",
                      "reason": "our platform team supports only the baseline", "source": "https://learn.microsoft.com/x"}],
           "conflicts": [{"id": "kit-no-startups-in-lz", "when": {"landing_zone": True, "audience": "startup"},
                          "message": "landing zone {landing_zone} with audience {audience} is not allowed here"}]}
    merged = merge_rules(rules, kit)
    assert rec(merged, summaries, audience="startup").id == "chat-baseline"
    with pytest.raises(InputError, match="kit-no-startups-in-lz.*landing zone yes with audience startup"):
        rec(merged, summaries, audience="startup", landing_zone=True)
    bad = {**rules, "rules": [{**rules["rules"][-1], "recommend": "no-such-arch"}]}
    with pytest.raises(CatalogError, match="rules.0.recommend.*no-such-arch"):
        rec(bad, summaries)
    no_fallback = {**rules, "rules": rules["rules"][:1]}
    with pytest.raises(InputError, match="no recommendation rule matches"):
        rec(no_fallback, summaries, scenario="chat")


def test_invalid_answers_are_input_errors(rules, summaries):
    with pytest.raises(InputError, match="audience 'huge'"):
        rec(rules, summaries, audience="huge")
    with pytest.raises(InputError, match="scenario 'agents'"):
        rec(rules, summaries, scenario="agents")
    with pytest.raises(InputError, match="unknown answer 'budget'"):
        recommend(rules, summaries, {"budget": 1})


def test_shipped_rules_end_with_a_fallback_and_reference_known_ids(rules, catalog):
    assert rules["rules"][-1]["when"] == {}
    assert all(r["when"] for r in rules["rules"][:-1])
    ids = [r["id"] for r in rules["rules"]]
    assert len(ids) == len(set(ids))
    for r in rules["rules"]:
        assert r["recommend"] in catalog.architectures
        assert all(a["id"] in catalog.architectures for a in r.get("alternatives", ()))
    # the scenario map covers exactly the scenarios the catalog uses, with their categories
    used = {(s, a.category) for a in catalog.architectures.values() for s in a.scenarios}
    assert used == set(rules["scenarios"].items())


# --- the CLI ----------------------------------------------------------------------------


@pytest.mark.parametrize("args, expected", [
    ([], "chat-baseline"),
    (["--landing-zone"], "chat-baseline-alz"),
    (["--audience", "startup"], "chat-basic"),
    (["--generative", "--no-landing-zone", "--audience", "enterprise"], "chat-baseline"),
    (["--nongenerative", "--audience", "startup"], "mlops-v2"),
    (["--scenario", "video"], "video-analysis"),
    (["--scenario", "gateway", "--landing-zone"], "ai-gateway"),
])
def test_cli_recommend(args, expected):
    result = runner.invoke(app, ["recommend", *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Recommended: {expected} ")
    assert "source: https://learn.microsoft.com/" in result.stdout and "Why:" in result.stdout


def test_cli_recommend_json():
    result = runner.invoke(app, ["recommend", "--landing-zone", "--scenario", "chat", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["recommended"] == "chat-baseline-alz" and data["rule"] == "landing-zone"
    assert data["answers"] == {"generative": True, "landing_zone": True, "audience": None, "scenario": "chat"}
    assert data["url"].startswith("https://learn.microsoft.com/")
    assert [a["id"] for a in data["alternatives"]] == ["chat-baseline", "ai-gateway"]
    assert all(r["source"] and r["fields"] for r in data["reasons"])


@pytest.mark.parametrize("args, conflict", [
    (["--nongenerative", "--scenario", "chat"], "nongenerative-but-generative-scenario"),
    (["--generative", "--scenario", "documents"], "generative-but-nongenerative-scenario"),
])
def test_cli_contradiction_exits_2_without_traceback(args, conflict):
    result = runner.invoke(app, ["recommend", *args])
    assert result.exit_code == 2, result.output
    assert f"error: contradictory answers ({conflict})" in result.stderr
    assert args[-1] in result.stderr
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an escaped exception
    assert result.stdout == ""


def test_cli_bad_audience_exits_2():
    result = runner.invoke(app, ["recommend", "--audience", "huge"])
    assert result.exit_code == 2 and "audience 'huge'" in result.stderr


# --- `archkit new` without an id ----------------------------------------------------------


def test_new_without_id_and_without_terminal_points_to_list_and_recommend(monkeypatch):
    import generator.cli.new_cmd as new_cmd

    monkeypatch.setattr(new_cmd, "_interactive", lambda: False)
    result = runner.invoke(app, ["new", "--dry-run"])
    assert result.exit_code == 2, result.output
    assert "no architecture id given" in result.stderr
    assert "archkit list" in result.stderr and "archkit recommend" in result.stderr


def _new_interactive(monkeypatch, tmp_path, answers: str):
    import generator.cli.new_cmd as new_cmd

    monkeypatch.setattr(new_cmd, "_interactive", lambda: True)
    args = ["new", "--dry-run", "--no-git", "-o", str(tmp_path / "out"), "--iac", "bicep", "--name", "demo",
            "--location", "swedencentral", "--environment", "dev"]
    # recommendation questions, then any remaining `new` prompts (network) take their default
    return runner.invoke(app, args, input=answers + "\n" * 5)


def test_new_interactive_accepts_the_recommendation(monkeypatch, tmp_path):
    # generative? yes; landing zone? yes; audience: don't know; scenario: chat; accept
    result = _new_interactive(monkeypatch, tmp_path, "yes\nyes\n?\nchat\n\n")
    assert "Recommended: chat-baseline-alz" in result.stdout, result.output
    assert result.exit_code == 0, result.output
    assert "architecture: chat-baseline-alz" in result.stdout and "Would write" in result.stdout
    assert not (tmp_path / "out").exists()


def test_new_interactive_lets_the_user_type_another_id(monkeypatch, tmp_path):
    # generative and landing zone: don't know; startup; scenario: don't know; a typo is re-asked, then rag
    result = _new_interactive(monkeypatch, tmp_path, "?\n?\nstartup\n?\nragg\nrag\n")
    assert "Recommended: chat-basic" in result.stdout, result.output
    assert "unknown architecture id 'ragg'" in result.output and "did you mean rag" in result.output
    assert result.exit_code == 0, result.output
    assert "architecture: rag" in result.stdout


def test_interactive_scenarios_follow_the_generative_answer(monkeypatch, catalog, capsys):
    from generator.cli.recommend_cmd import ask_for_architecture

    prompts = []
    replies = iter(["no", "no", "any", "1", ""])

    def fake_read_line(label):
        prompts.append(label)
        return next(replies)

    monkeypatch.setattr("generator.cli.prompts.read_line", fake_read_line)
    chosen = ask_for_architecture(catalog)
    # nongenerative: only nongenerative scenarios are offered, the first is ml-platform
    assert chosen == "aml-baseline"
    assert len(prompts) == 5
    listed = capsys.readouterr().out.split("Scenarios:")[1].split("Recommended:")[0]
    assert "1. ml-platform (nongenerative)" in listed and "chat" not in listed and "rag" not in listed


def test_interactive_reasks_bad_answers(monkeypatch, tmp_path):
    # "maybe" is not yes/no/?, "9" is out of range: both are asked again
    result = _new_interactive(monkeypatch, tmp_path, "maybe\nno\n?\n?\n9\nvideo\n\n")
    assert result.exit_code == 0, result.output
    assert "answer yes, no or ? (don't know)" in result.output
    assert "Recommended: video-analysis" in result.stdout and "architecture: video-analysis" in result.stdout


# --- a malformed recommend.yaml in a copied catalog --------------------------------------


def test_lint_reports_unknown_rule_target_with_file_and_line(tmp_path):
    dst = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), dst)
    f = dst / "recommend.yaml"
    lines = f.read_text().splitlines(keepends=True)
    target = next(i for i, line in enumerate(lines) if line.strip() == "recommend: chat-basic")
    lines[target] = lines[target].replace("chat-basic", "chat-tiny")
    f.write_text("".join(lines))
    rule_index = [ln.strip() for ln in lines if ln.strip().startswith("recommend: ")].index("recommend: chat-tiny")
    result = runner.invoke(app, ["catalog", "lint", str(dst)])
    assert result.exit_code == 1, result.output
    assert (f"catalog/recommend.yaml:{target + 1}: rules.{rule_index}.recommend: unknown architecture id 'chat-tiny'"
            in result.stdout), result.output


def test_lint_reports_schema_errors_in_recommend_yaml(tmp_path):
    dst = tmp_path / "catalog"
    shutil.copytree(catalog_dir(), dst)
    f = dst / "recommend.yaml"
    text = f.read_text()
    f.write_text(text.replace("when: {scenario: video}", "when: {scenario: video, budget: small}", 1))
    line = next(i for i, ln in enumerate(f.read_text().splitlines(), 1) if "budget: small" in ln)
    result = runner.invoke(app, ["catalog", "lint", str(dst)])
    assert result.exit_code == 1, result.output
    assert f"catalog/recommend.yaml:{line}: rules.1.when:" in result.stdout and "budget" in result.stdout
