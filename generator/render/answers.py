"""The answers a starter repository is rendered from: gathered, defaulted, validated.

Precedence, highest first: command-line options, --set pairs, --answers-file,
kit defaults, catalog defaults. Nothing is written before every answer is valid.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

from ..errors import InputError
from . import naming

IAC = ("bicep", "terraform")
ENVIRONMENTS = ("dev", "test", "prod")
KEYS = ("architecture", "iac", "name", "location", "environment", "network", "name_suffix", "drift")
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

    def as_dict(self) -> dict:
        out = asdict(self)
        if self.drift == "on":  # the default is not recorded, so older answers files stay as they were
            del out["drift"]
        return out


def default_name(arch_id: str) -> str:
    return arch_id.split("-")[0][:8] + "-app"


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
            if not tag or len(tag) > 512 or any(c in tag for c in "<>%&\\?/"):
                raise InputError(f"--set {key}: invalid tag name", "tag names cannot be empty or contain < > % & \\ ? /")
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
    if not isinstance(data, dict):
        got = "nothing" if data is None else f"a {type(data).__name__}"
        raise InputError(f"{path}:1: answers file holds {got}, not a mapping", "write `key: value` lines, e.g. `name: contoso-chat`")
    out = {}
    for key, value in data.items():
        if key == "tags":
            if not isinstance(value, dict) or not all(isinstance(v, (str, int, float)) for v in value.values()):
                raise InputError(f"{path}:{doc.line_of([key])}: tags: expected a mapping of strings")
            out["tags"] = {str(k): str(v) for k, v in value.items()}
            continue
        if key not in KEYS:
            if key in ("archkit_version", "digests", "kit"):
                continue
            raise InputError(f"{path}:{doc.line_of([key])}: {key}: not a known answer", f"known keys: {', '.join(KEYS)}, tags")
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            raise InputError(f"{path}:{doc.line_of([key])}: {key}: expected a string, got {type(value).__name__}")
        out[key] = str(value)
    return out


def resolve(catalog, *, given: dict, kit=None, prompt: Callable[[str, str, tuple], str] | None = None) -> Answers:
    """Fill in defaults (or ask), then validate every answer."""
    arch_id = given.get("architecture") or ""
    arch = catalog.architecture(arch_id)
    kit_defaults = kit.default_answers() if kit else {}
    defaults = {
        "iac": "bicep",
        "name": default_name(arch.id),
        "location": (kit.default_region() if kit else None) or DEFAULT_LOCATION,
        "environment": "dev",
        "network": (kit.default_network(arch) if kit else None) or arch.network_default,
    }
    defaults.update({k: v for k, v in kit_defaults.items() if k in defaults})
    choices = {"iac": IAC, "environment": ENVIRONMENTS, "network": arch.network_supported}
    values = {}
    for key in ("name", "iac", "location", "environment", "network"):
        value = given.get(key)
        if value is None and prompt is not None:
            value = prompt(key, defaults[key], choices.get(key, ()))
        values[key] = defaults[key] if value is None else value

    if values["iac"] not in IAC:
        raise InputError(f"--iac {values['iac']!r} is not supported", "use bicep or terraform")
    if values["environment"] not in ENVIRONMENTS:
        raise InputError(f"--environment {values['environment']!r} is not supported", "use dev, test or prod")
    location = values["location"].strip().lower().replace(" ", "")
    if location not in catalog.regions:
        close = difflib.get_close_matches(location, list(catalog.regions), n=3)
        raise InputError(f"--location {values['location']!r} is not an Azure region archkit knows",
                         f"did you mean {', '.join(close)}?" if close else "use an ARM location name such as swedencentral")
    if kit:
        kit.check_region(location)
    network = values["network"]
    if network not in arch.network_supported:
        raise InputError(f"--network {network!r} is not supported by {arch.id}",
                         f"{arch.id} supports: {', '.join(arch.network_supported)}")
    if kit:
        kit.check_network(network)
    name = values["name"]
    naming.check_workload_name(name)
    suffix = given.get("name_suffix") or naming.default_suffix(name, values["environment"], location)
    naming.check_suffix(suffix)
    components = [catalog.components[c] for c in arch.components]
    if kit:
        kit.check_names(components, name, values["environment"], suffix)
    else:
        naming.names_for(components, name, values["environment"], suffix)
    tags = dict(given.get("tags") or {})
    for key, value in tags.items():
        if len(value) > 256:
            raise InputError(f"tag {key!r}: value longer than 256 characters", "Azure limits tag values to 256 characters")
    if kit:
        tags = kit.resolve_tags(tags)
    drift = str(given.get("drift") or "on").strip().lower()
    if drift not in DRIFT:
        raise InputError(f"drift {drift!r} is not on or off", "--set drift=off leaves the archkit-drift workflow out")
    return Answers(arch.id, values["iac"], name, location, values["environment"], network, suffix, tags, drift)
