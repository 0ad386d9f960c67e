"""`archkit recommend`, and the questions `archkit new` asks when no id is given."""

from __future__ import annotations

from typing import Optional

import typer

from . import app, handle_errors

_SCENARIO_HELP = "chat, rag, gateway, genaiops, ml-platform, documents, video, audio, prediction or process"


@app.command("recommend")
@handle_errors
def recommend_cmd(
    generative: Optional[bool] = typer.Option(None, "--generative/--nongenerative",
                                              help="Generative AI (language models) or not; omit if you don't know."),
    landing_zone: Optional[bool] = typer.Option(None, "--landing-zone/--no-landing-zone",
                                                help="Does your organisation run an Azure landing zone? Omit if you don't know."),
    audience: Optional[str] = typer.Option(None, "--audience", help="enterprise, any or startup; omit if you don't know."),
    scenario: Optional[str] = typer.Option(None, "--scenario", help=f"{_SCENARIO_HELP}; omit if you don't know."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output (archkit/recommend/v1)."),
):
    """Recommend an architecture from a few answers (CAF guidance, rules in catalog/recommend.yaml)."""
    from .. import console
    from ..catalog import load_catalog
    from ..recommend import recommend_from_catalog

    answers = {"generative": generative, "landing_zone": landing_zone, "audience": audience, "scenario": scenario}
    rec = recommend_from_catalog(load_catalog(), answers)
    if as_json:
        console.emit_json(rec.as_dict(), "archkit/recommend/v1")
        return 0
    print_recommendation(rec, console.out)
    console.out(f"Next: archkit show {rec.id}   or   archkit new {rec.id}")
    return 0


def print_recommendation(rec, out) -> None:
    out(f"Recommended: {rec.id}  ({rec.title})")
    out(f"  {rec.url}")
    out("Why:")
    for r in rec.reasons:
        out(f"  - {r.text}")
        if r.fields and r.kind == "rule":
            out(f"    rests on: {', '.join(r.fields)}")
        out(f"    source: {r.source}")
    if rec.alternatives:
        out("Alternatives (ranked lower):")
        for a in rec.alternatives:
            out(f"  - {a.id}: {a.why}")
    for n in rec.notes:
        out(f"Note: {n}")


# --- interactive ------------------------------------------------------------------

_DONT_KNOW = ("?", "don't know", "dont know", "dont-know", "don't-know", "unknown", "dk", "not sure", "unsure")


def _ask(key: str, text: str, check) -> object:
    """Ask one recommendation question; the answer may be None (don't know)."""
    from ..render.answers import Question
    from .prompts import ask

    box = {}

    def keep(value: str) -> str:
        box["value"] = check(value)
        return value

    ask(Question(text, None, keep))  # Enter alone: don't know
    return box["value"]


def _yes_no(text: str):
    from ..errors import InputError

    def check(value):
        v = str(value).strip().lower()
        if v in ("y", "yes", "true"):
            return True
        if v in ("n", "no", "false"):
            return False
        if not v or v in _DONT_KNOW:
            return None
        raise InputError(f"{value!r} is not an answer to this question", "answer yes, no or ? (don't know)")

    return _ask("yes/no", f"{text} [yes/no/? = don't know]", check)


def _choice(text: str, choices: list[str], aliases: dict | None = None, numbered: bool = False):
    """One of ``choices``; a number only when the choices were listed with numbers."""
    from ..errors import InputError

    aliases = aliases or {}

    def check(value):
        v = str(value).strip().lower()
        if not v or v in _DONT_KNOW:
            return None
        v = aliases.get(v, v)
        if v in choices:
            return v
        if numbered and v.isdigit() and 1 <= int(v) <= len(choices):
            return choices[int(v) - 1]
        number = f", a number from 1 to {len(choices)}" if numbered else ""
        raise InputError(f"{value!r} is not one of the answers", f"answer {', '.join(choices)}{number}, or ? (don't know)")

    return _ask("choice", text, check)


def _ask_answers(scenarios: dict) -> dict:
    from .. import console

    generative = _yes_no("Is the workload generative AI (language models: chat, RAG, agents)?")
    landing_zone = _yes_no("Does your organisation run an Azure landing zone (platform team, hub network, policies)?")
    audience = _choice("Which organisation is it for? [enterprise/any/startup/? = don't know]",
                       ["enterprise", "any", "startup"], {"other": "any", "e": "enterprise", "s": "startup"})
    offered = [s for s, cat in scenarios.items()
               if generative is None or cat == ("generative" if generative else "nongenerative")]
    console.out("Scenarios:")
    for i, s in enumerate(offered, 1):
        console.out(f"  {i:>2}. {s} ({scenarios[s]})")
    scenario = _choice("Which scenario? [name or number, ? = don't know]", offered, numbered=True)
    return {"generative": generative, "landing_zone": landing_zone, "audience": audience, "scenario": scenario}


def ask_for_architecture(catalog) -> str:
    """Ask the recommendation questions, show the result, return the id the user accepts or types."""

    from .. import console
    from ..errors import InputError
    from ..recommend import recommend_from_catalog

    known = sorted(catalog.architectures)
    default = None
    rules = catalog.recommend or {}
    if rules.get("rules"):
        console.out("No architecture id given; a few questions to pick one (? = don't know).")
        for _attempt in range(3):
            answers = _ask_answers(rules.get("scenarios") or {})
            try:
                rec = recommend_from_catalog(catalog, answers)
            except InputError as exc:  # a kit's conflict the filtered questions cannot rule out
                console.error(exc.message, exc.hint)
                continue
            print_recommendation(rec, console.out)
            default = rec.id
            break
    else:
        console.out(f"Architectures: {', '.join(known)}")

    from ..render.answers import Question
    from .prompts import ask

    def check(value):
        v = str(value).strip()
        if v in catalog.architectures:
            return v
        from ..errors import UnknownIdError

        raise UnknownIdError("architecture", v, known)

    text = ("Architecture to generate (Enter accepts the recommendation, or type another id)"
            if default else "Architecture id")
    return ask(Question(text, default, check))
