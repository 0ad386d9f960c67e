"""Choose an architecture from a few answers, by data-driven rules (catalog/recommend.yaml).

Pure: no I/O. The rules arrive as a dict (the parsed recommend.yaml, or a kit's rules
prepended to it), the catalog as summaries, the answers as a dict.

Semantics (also in catalog/schema/recommend.schema.json):

1. ``conflicts`` are checked first, in order, on the answers as given; the first match
   raises :class:`InputError` naming its id. Conflict conditions may also use
   ``scenario_category``: the category ``scenarios`` assigns to the answered scenario.
2. An unknown ``generative`` is inferred from the answered scenario via ``scenarios``.
3. ``rules`` are tried in order; the first whose ``when`` matches wins.
4. The winning rule's ``alternatives`` whose ``when`` matches are offered, at most two.

In every ``when``: a field that is absent matches any answer (unknown included); a field
with a value matches only that exact answer, so "don't know" never satisfies it; a field
set to null matches only "don't know". An empty ``when`` is the fallback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from .errors import CatalogError, InputError, Problem

ANSWER_KEYS = ("generative", "landing_zone", "audience", "scenario")
AUDIENCES = ("enterprise", "any", "startup")
CATEGORIES = ("generative", "nongenerative")
MAX_ALTERNATIVES = 2
RULES_FILE = "recommend.yaml"


@dataclass(frozen=True)
class Reason:
    text: str
    fields: tuple[str, ...]  # catalog fields cited, e.g. "chat-basic.audience"
    source: str              # the page it rests on
    kind: str = "rule"       # rule (why the rule holds) | catalog (the entry's facts it rests on)

    def as_dict(self) -> dict:
        return {"kind": self.kind, "text": self.text, "fields": list(self.fields), "source": self.source}


@dataclass(frozen=True)
class Alternative:
    id: str
    title: str
    url: str
    why: str

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "url": self.url, "why": self.why}


@dataclass(frozen=True)
class Recommendation:
    id: str
    title: str
    url: str
    rule: str
    reasons: tuple[Reason, ...]
    alternatives: tuple[Alternative, ...]
    answers: dict = field(default_factory=dict)  # as used: generative possibly inferred
    notes: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {"recommended": self.id, "title": self.title, "url": self.url, "rule": self.rule,
                "reasons": [r.as_dict() for r in self.reasons],
                "alternatives": [a.as_dict() for a in self.alternatives],
                "answers": dict(self.answers), "notes": list(self.notes)}


# --- inputs ---------------------------------------------------------------------


def summaries_from_catalog(catalog) -> dict[str, dict]:
    """The catalog fields the rules may cite, per architecture id."""
    return {a.id: {"id": a.id, "title": a.title, "kind": a.kind, "category": a.category,
                   "audience": a.audience, "audience_label": a.audience_label,
                   "scenarios": list(a.scenarios), "url": a.links["current"],
                   "network": list(a.network_supported), "components": list(a.components)}
            for a in catalog.architectures.values()}


def _summaries(catalog_summaries) -> dict[str, Mapping]:
    if isinstance(catalog_summaries, Mapping):
        return dict(catalog_summaries)
    return {s["id"]: s for s in catalog_summaries}


def _check_answers(rules: Mapping, answers: Mapping) -> dict:
    unknown = sorted(set(answers) - set(ANSWER_KEYS))
    if unknown:
        raise InputError(f"unknown answer {unknown[0]!r}", f"answers are {', '.join(ANSWER_KEYS)}")
    out = {k: answers.get(k) for k in ANSWER_KEYS}
    for key in ("generative", "landing_zone"):
        if out[key] is not None and not isinstance(out[key], bool):
            raise InputError(f"{key} must be yes, no or don't know, got {out[key]!r}")
    if out["audience"] is not None and out["audience"] not in AUDIENCES:
        raise InputError(f"audience {out['audience']!r} is not one of {', '.join(AUDIENCES)}",
                         "enterprise, any (neither enterprise nor startup) or startup; omit it if you don't know")
    scenarios = rules.get("scenarios") or {}
    if out["scenario"] is not None and out["scenario"] not in scenarios:
        raise InputError(f"scenario {out['scenario']!r} is not one of {', '.join(scenarios)}",
                         "omit it if you don't know")
    return out


# --- matching -------------------------------------------------------------------


def matches(when: Mapping | None, answers: Mapping) -> bool:
    """Absent = anything; a value = exactly that answer (unknown never matches); null = unknown only."""
    for key, wanted in (when or {}).items():
        got = answers.get(key)
        if wanted is None:
            if got is not None:
                return False
        elif got is None or got != wanted or type(got) is not type(wanted):
            return False
    return True


def _fill(message: str, values: Mapping[str, Any]) -> str:
    """Substitute {name} placeholders only (no attribute or index access from data)."""
    def sub(m: re.Match) -> str:
        v = values.get(m.group(1))
        return m.group(0) if m.group(1) not in values else ("don't know" if v is None else str(v))

    return re.sub(r"\{([a-z_]+)\}", sub, " ".join(message.split()))


def check_conflicts(rules: Mapping, answers: Mapping) -> None:
    """Raise InputError for the first contradictory combination the rules describe."""
    scenarios = rules.get("scenarios") or {}
    given = dict(answers)
    given["scenario_category"] = scenarios.get(answers.get("scenario")) if answers.get("scenario") else None
    for conflict in rules.get("conflicts") or ():
        if matches(conflict.get("when"), given):
            g = answers.get("generative")
            values = {"scenario": answers.get("scenario"), "scenario_category": given["scenario_category"],
                      "category": None if g is None else CATEGORIES[0 if g else 1],
                      "audience": answers.get("audience"),
                      "landing_zone": None if answers.get("landing_zone") is None else ("yes" if answers["landing_zone"] else "no")}
            raise InputError(f"contradictory answers ({conflict['id']}): {_fill(conflict['message'], values)}",
                             "answer \"don't know\" (or leave out the option) for the one you are unsure of")


def _unknown_id(where: str, value: str, known) -> CatalogError:
    return CatalogError([Problem(RULES_FILE, None, where, f"unknown architecture id {value!r}; known: {', '.join(sorted(known))}")],
                        "fix the rule; `archkit catalog lint` re-checks the shipped file")


def _fmt(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)


def recommend(rules: Mapping, catalog_summaries: Mapping | Iterable[Mapping], answers: Mapping) -> "Recommendation":
    """The first matching rule's architecture, why, and up to two alternatives.

    ``answers``: generative (bool|None), landing_zone (bool|None), audience (str|None),
    scenario (str|None); None means "don't know". Raises InputError for contradictory or
    invalid answers, CatalogError for rules that point at unknown ids.
    """
    summaries = _summaries(catalog_summaries)
    given = _check_answers(rules, answers)
    check_conflicts(rules, given)

    effective = dict(given)
    notes: list[str] = []
    scenarios = rules.get("scenarios") or {}
    if given["generative"] is None and given["scenario"] is not None:
        effective["generative"] = scenarios[given["scenario"]] == "generative"
        notes.append(f"generative: inferred as {scenarios[given['scenario']]} from scenario {given['scenario']!r}")
    unanswered = [k for k in ANSWER_KEYS if effective[k] is None]
    if unanswered:
        notes.append(f"not answered: {', '.join(unanswered)}; rules that need them were skipped")

    for index, rule in enumerate(rules.get("rules") or ()):
        if not matches(rule.get("when"), effective):
            continue
        arch_id = rule["recommend"]
        if arch_id not in summaries:
            raise _unknown_id(f"rules.{index}.recommend", arch_id, summaries)
        s = summaries[arch_id]
        cited = tuple(rule.get("fields") or ())
        reasons = [Reason(" ".join(rule["reason"].split()), tuple(f"{arch_id}.{f}" for f in cited), rule["source"])]
        facts = [f"{f} = {_fmt(s[f])}" for f in cited if f in s]
        if facts:
            reasons.append(Reason(f"catalog entry {arch_id}: " + "; ".join(facts),
                                  tuple(f"{arch_id}.{f}" for f in cited if f in s) + (f"{arch_id}.links.current",),
                                  s.get("url", ""), "catalog"))
        alternatives: list[Alternative] = []
        for j, alt in enumerate(rule.get("alternatives") or ()):
            if len(alternatives) == MAX_ALTERNATIVES:
                break
            if alt["id"] == arch_id or any(a.id == alt["id"] for a in alternatives):
                continue
            if not matches(alt.get("when"), effective):
                continue
            if alt["id"] not in summaries:
                raise _unknown_id(f"rules.{index}.alternatives.{j}.id", alt["id"], summaries)
            a = summaries[alt["id"]]
            alternatives.append(Alternative(alt["id"], a.get("title", ""), a.get("url", ""), " ".join(alt["why"].split())))
        return Recommendation(arch_id, s.get("title", ""), s.get("url", ""), rule["id"], tuple(reasons),
                              tuple(alternatives), effective, tuple(notes))
    raise InputError("no recommendation rule matches these answers",
                     "answer more questions, or add a fallback rule with an empty `when` at the end of the rules")


def recommend_from_catalog(catalog, answers: Mapping, extra_rules: Mapping | None = None) -> "Recommendation":
    """`recommend` with the catalog's own rules (a kit's ``extra_rules`` are tried first)."""
    rules = catalog.recommend
    if not rules or not rules.get("rules"):
        raise CatalogError([Problem(RULES_FILE, None, "", "the catalog has no recommendation rules")],
                           "add catalog/recommend.yaml, or pass an id (see `archkit list`)")
    if extra_rules:
        rules = merge_rules(rules, extra_rules)
    return recommend(rules, summaries_from_catalog(catalog), answers)


def merge_rules(base: Mapping, extra: Mapping) -> dict:
    """A kit's rules and conflicts go first (its rules win); its scenario map extends the base one."""
    return {"scenarios": {**(base.get("scenarios") or {}), **(extra.get("scenarios") or {})},
            "conflicts": [*(extra.get("conflicts") or ()), *(base.get("conflicts") or ())],
            "rules": [*(extra.get("rules") or ()), *(base.get("rules") or ())]}
