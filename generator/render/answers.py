"""The answers a starter repository is rendered from: gathered, defaulted, validated.

Precedence, highest first: command-line options, --set pairs, --answers-file,
kit defaults, catalog defaults. Nothing is written before every answer is valid.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import ArchkitError, InputError
from . import naming

IAC = ("bicep", "terraform")
ENVIRONMENTS = ("dev", "test", "prod")
KEYS = ("architecture", "iac", "name", "location", "environment", "network", "name_suffix", "drift", "options")
DRIFT = ("on", "off")  # `drift=off`: no archkit-drift workflow in this repository
DEFAULT_LOCATION = "swedencentral"


@dataclass
class Answers:
    architecture: str
    iac: str
    name: str
    location: str
    environment: str
    network: str
    name_suffix: str
    tags: dict = field(default_factory=dict)
    drift: str = "on"
    options: tuple = ()  # ids of the entry's optional components to render (catalog `options:`)

    def as_dict(self) -> dict:
        out = asdict(self)
        if self.drift == "on":  # the default is not recorded, so older answers files stay as they were
            del out["drift"]
        if self.options:
            out["options"] = list(self.options)
        else:
            del out["options"]
        return out


def default_name(arch_id: str) -> str:
    return arch_id.split("-")[0][:8] + "-app"


TAG_NAME_HINT = "tag names are 1-512 characters without < > % & \\ ? / or control characters (Azure's rule)"


def tag_name_problem(name: str) -> str | None:
    """Why Azure would refuse ``name`` as a tag name, or None. One rule for --set, answers files and kits."""
    if not name:
        return "empty"
    if len(name) > 512:
        return f"{len(name)} characters, Azure allows 512"
    bad = sorted({c for c in name if c in "<>%&\\?/" or ord(c) < 32 or ord(c) == 127})
    if bad:
        return "holds " + " ".join(repr(c) for c in bad)
    return None


def parse_set_pairs(pairs: list[str]) -> dict:
    """`--set key=value` pairs; `tags.<name>=value` adds a tag."""
    out: dict = {}
    for pair in pairs or ():
        if "=" not in pair:
            raise InputError(f"--set {pair!r} is not KEY=VALUE", "write it as --set name_suffix=abcd")
        key, value = pair.split("=", 1)
        key = key.strip()
        if key.startswith("tags."):
            tag = key[5:]
            why = tag_name_problem(tag)
            if why:
                raise InputError(f"--set {key}: invalid tag name ({why})", TAG_NAME_HINT)
            out.setdefault("tags", {})[tag] = value
            continue
        if key not in KEYS:
            close = difflib.get_close_matches(key, KEYS, n=1)
            hint = f"did you mean {close[0]}?" if close else f"known keys: {', '.join(KEYS)}, tags.<name>"
            raise InputError(f"--set {key!r} is not a known answer", hint)
        out[key] = value
    return out


def load_answers_file(path: Path) -> dict:
    from ..yamlio import YamlProblem, load_file

    try:
        doc = load_file(Path(path))
    except YamlProblem as exc:
        raise InputError(str(exc.problem), "pass a YAML mapping of answers, e.g. `name: contoso-chat`") from None
    data = doc.data
    if isinstance(data, dict) and isinstance(data.get("answers"), dict):
        data = data["answers"]  # an .archkit/answers.yml from another repository
    elif isinstance(data, dict) and isinstance(data.get("cookiecutter"), dict):
        # cookiecutter's replay file of the starter template: its variables are archkit's answers;
        # `network: default` and an empty name_suffix mean "derive it", as in the template
        data = {k: v for k, v in data["cookiecutter"].items() if k in KEYS
                and not (k == "network" and v == "default") and not (k == "name_suffix" and v == "")}
    if not isinstance(data, dict):
        got = "nothing" if data is None else f"a {type(data).__name__}"
        raise InputError(f"{path}:1: answers file holds {got}, not a mapping", "write `key: value` lines, e.g. `name: contoso-chat`")
    out = {}
    for key, value in data.items():
        if key == "tags":
            if not isinstance(value, dict) or not all(isinstance(v, (str, int, float)) for v in value.values()):
                raise InputError(f"{path}:{doc.line_of([key])}: tags: expected a mapping of strings")
            for name in value:
                why = tag_name_problem(str(name))
                if why:
                    raise InputError(f"{path}:{doc.line_of([key, name])}: tags.{name}: invalid tag name ({why})",
                                     TAG_NAME_HINT)
            out["tags"] = {str(k): str(v) for k, v in value.items()}
            continue
        if key not in KEYS:
            if key in ("archkit_version", "digests", "kit"):
                continue
            raise InputError(f"{path}:{doc.line_of([key])}: {key}: not a known answer", f"known keys: {', '.join(KEYS)}, tags")
        if key == "options" and isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                raise InputError(f"{path}:{doc.line_of([key])}: options: expected a list of option ids",
                                 "write `options: [dns-resolver, jump-box]` (see `archkit show ID`)")
            out["options"] = ",".join(value)
            continue
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise InputError(f"{path}:{doc.line_of([key])}: {key}: expected a string, got {type(value).__name__}")
        out[key] = str(value)
    return out


# --- one check per answer: resolve(), the prompts and the template's pre-generation hook ---
#
# Messages name the command-line option (`--location 'mars' ...`); the prompts reword them
# for an answer typed at a prompt (generator/cli/prompts.py).


_OPTION = re.compile(r"--(name|location|network|iac|environment)\b")
_ANY_OPTION = re.compile(r"(?<![\w-])--[a-z]")


def reworded(exc: ArchkitError) -> tuple[str, str | None]:
    """A refusal worded for an answer typed at a prompt (archkit's or cookiecutter's): the
    option names become answer names, and a hint that only a command line can follow is dropped."""
    message = _OPTION.sub(r"\1", exc.message)
    hint = _OPTION.sub(r"\1", exc.hint) if exc.hint else None
    return message, (hint if hint and not _ANY_OPTION.search(hint) else None)


@dataclass(frozen=True)
class Question:
    """One answer to ask for: ``check`` turns what was typed into the answer or raises the reason."""

    key: str
    default: str | None
    check: Callable[[str], str]
    choices: tuple[str, ...] | None = None  # None: free text
    help: str = ""
    error: ArchkitError | None = None  # why an earlier answer was refused, shown before asking again


def check_iac(value: str) -> str:
    if value not in IAC:
        raise InputError(f"--iac {value!r} is not supported", "use bicep or terraform")
    return value


def check_environment(value: str) -> str:
    if value not in ENVIRONMENTS:
        raise InputError(f"--environment {value!r} is not supported", "use dev, test or prod")
    return value


def check_location(catalog, value: str, kit=None) -> str:
    """The ARM location name (`Sweden Central` -> swedencentral), known to archkit and the kit."""
    location = value.strip().lower().replace(" ", "")
    if location not in catalog.regions:
        allowed = [r for r in getattr(kit, "regions", ()) or () if r in catalog.regions] or list(catalog.regions)
        close = difflib.get_close_matches(location, allowed, n=3)  # suggest only what will be accepted
        raise InputError(f"--location {value!r} is not an Azure region archkit knows",
                         f"did you mean {', '.join(close)}?" if close else "use an ARM location name such as swedencentral")
    if kit:
        kit.check_region(location)
    return location


def network_choices(arch, kit=None) -> tuple[str, ...]:
    """The network modes both the architecture and the kit allow."""
    allowed = getattr(kit, "networks", ()) or ()
    return tuple(m for m in arch.network_supported if not allowed or m in allowed)


def check_network(arch, value: str, kit=None) -> str:
    if value not in arch.network_supported:
        usable = network_choices(arch, kit)
        raise InputError(f"--network {value!r} is not supported by {arch.id}",
                         f"{arch.id} supports: {', '.join(arch.network_supported)}"
                         + (f" (with {kit.label}: {', '.join(usable)})" if kit and usable != arch.network_supported else ""))
    if kit:
        kit.check_network(value)
    return value


def check_name(catalog, arch, name: str, environment: str, location: str, *, kit=None, suffix: str | None = None,
               network: str | None = None) -> str:
    """Check the workload name against its own rule and every resource name it feeds; return
    the name suffix. A refused name's hint offers a valid name when one can be derived from it
    (also on ``exc.suggestion``)."""
    try:
        return _name_suffix(catalog, arch, name, environment, location, kit, suffix, network)
    except ArchkitError as exc:
        suggestion = suggest_name(catalog, arch, name, environment, location, kit=kit, suffix=suffix, network=network)
        exc.suggestion = suggestion
        if suggestion:
            exc.hint = f"{exc.hint}; for example {suggestion!r}" if exc.hint else f"for example {suggestion!r}"
        raise


def _name_suffix(catalog, arch, name, environment, location, kit, suffix, network) -> str:
    naming.check_workload_name(name)
    suffix = suffix or naming.default_suffix(name, environment, location)
    naming.check_suffix(suffix)
    components = [catalog.components[c] for c in arch.components]
    if kit:
        kit.check_names(components, name, environment, suffix)
    else:
        naming.names_for(components, name, environment, suffix, network=network, supporting=catalog.supporting_types)
    return suffix


def suggest_name(catalog, arch, raw: str, environment: str, location: str, *, kit=None, suffix=None,
                 network=None) -> str | None:
    """The nearest valid workload name: lowercase ASCII, single hyphens, no reserved word,
    shortened to what every resource name allows. None when nothing is left of it."""
    import unicodedata

    s = unicodedata.normalize("NFKD", str(raw)[:128]).encode("ascii", "ignore").decode().lower()
    for word in naming.RESERVED:
        s = s.replace(word, "-")
    s = re.sub(r"[^a-z0-9]+", "-", s)
    s = re.sub(r"^[^a-z]+", "", s).strip("-")
    for n in range(len(s), 1, -1):
        candidate = s[:n].rstrip("-")
        if len(candidate) < 2 or candidate == raw:
            continue
        try:
            _name_suffix(catalog, arch, candidate, environment, location, kit, suffix, network)
        except ArchkitError:
            continue
        return candidate
    return None


def check_kit_tag(kit, tag, value: str) -> str:
    """One tag the kit requires, checked with the kit's own rule and message."""
    import dataclasses

    dataclasses.replace(kit, tags_=(tag,)).resolve_tags({tag.name: value})
    return value


def answer_defaults(arch, kit=None) -> dict:
    """Defaults: the kit's, then the catalog entry's, then archkit's."""
    defaults = {
        "iac": "bicep",
        "name": default_name(arch.id),
        "location": (kit.default_region() if kit else None) or DEFAULT_LOCATION,
        "environment": "dev",
        "network": (kit.default_network(arch) if kit else None) or arch.network_default,
    }
    defaults.update({k: v for k, v in (kit.default_answers() if kit else {}).items() if k in defaults})
    return defaults


def resolve(catalog, *, given: dict, kit=None, prompt: Callable[[Question], str] | None = None) -> Answers:
    """Fill in defaults (or ask), then validate every answer.

    Given answers are checked first, so a bad option fails before any question. With
    ``prompt``, each missing answer is asked for and checked as it is typed; a question with
    one possible answer is not asked. The name is checked again once every other answer is
    known (resource names depend on them) and asked for again if it no longer fits.
    """
    arch = catalog.architecture(given.get("architecture") or "")
    defaults = answer_defaults(arch, kit)
    checks = {
        "iac": check_iac,
        "environment": check_environment,
        "location": lambda v: check_location(catalog, v, kit),
        "network": lambda v: check_network(arch, v, kit),
    }
    choices = {"iac": IAC, "environment": ENVIRONMENTS, "network": network_choices(arch, kit),
               "location": tuple(kit.regions) if kit and kit.regions else None}
    values: dict = {}
    for key in ("iac", "environment", "location", "network"):
        if given.get(key) is not None:
            values[key] = checks[key](str(given[key]))
    suffix = given.get("name_suffix") or None
    if suffix is not None:
        naming.check_suffix(suffix)

    def known(key):
        return values.get(key, defaults[key])

    def name_check(value: str) -> str:
        check_name(catalog, arch, value, known("environment"), check_location(catalog, known("location"), kit),
                   kit=kit, suffix=suffix, network=known("network"))
        return value

    for key in ("name", "iac", "location", "environment", "network"):
        if key in values:
            continue
        if key == "name":
            if given.get("name") is not None:
                values["name"] = str(given["name"])  # checked below, once the other answers are known
            elif prompt is not None:
                values["name"] = prompt(Question("name", defaults["name"], name_check,
                                                 help="short workload name used in every resource name"))
            continue
        options = choices[key]
        if prompt is None or (options is not None and len(options) <= 1):
            values[key] = checks[key](options[0] if options and len(options) == 1 else defaults[key])
        else:
            values[key] = prompt(Question(key, defaults[key], checks[key], options))
    name = values.get("name", defaults["name"])
    location = values["location"]
    try:
        suffix = check_name(catalog, arch, name, values["environment"], location, kit=kit, suffix=suffix,
                            network=values["network"])
    except ArchkitError as exc:
        if prompt is None or given.get("name") is not None:
            raise
        name = prompt(Question("name", getattr(exc, "suggestion", None) or name, name_check, error=exc))
        suffix = check_name(catalog, arch, name, values["environment"], location, kit=kit, suffix=suffix,
                            network=values["network"])

    tags = dict(given.get("tags") or {})
    for key, value in tags.items():
        why = tag_name_problem(key)
        if why:  # --set and --answers-file say it first, with file and line; this catches every other source
            raise InputError(f"tag {key!r}: invalid tag name ({why})", TAG_NAME_HINT)
        if len(value) > 256:
            raise InputError(f"tag {key!r}: value longer than 256 characters", "Azure limits tag values to 256 characters")
    if kit:
        if prompt is not None:
            have = {k.lower() for k, v in tags.items() if str(v).strip()}
            for t in kit.tags_:
                if t.value is None and t.name.lower() not in have:
                    tags[t.name] = prompt(Question(f"tags.{t.name}", None, lambda v, t=t: check_kit_tag(kit, t, v),
                                                   help=t.description or f"required by {kit.label}"))
        tags = kit.resolve_tags(tags)
    drift = str(given.get("drift") or "on").strip().lower()
    if drift not in DRIFT:
        raise InputError(f"drift {drift!r} is not on or off", "--set drift=off leaves the archkit-drift workflow out")
    from ..catalog import options as catalog_options

    picked = given.get("options")
    if picked is None and prompt is not None and arch.options:
        def options_check(value: str) -> str:
            return ",".join(catalog_options.parse(arch, "" if value.strip().lower() == "none" else value))

        listed = "; ".join(f"{o.id}: {o.title}" for o in arch.options)
        picked = prompt(Question("options", "none", options_check,
                                 help=f"optional components, comma-separated ids, all or none ({listed})"))
    chosen = catalog_options.parse(arch, picked)
    return Answers(arch.id, values["iac"], name, location, values["environment"], values["network"], suffix, tags, drift,
                   chosen)
