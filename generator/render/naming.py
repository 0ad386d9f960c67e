"""Resource names from one abbreviation table.

One pattern per naming style is rendered three ways: as a Python string (to check
every name against Azure's rules before anything is written), as a Bicep
interpolation and as a Terraform interpolation. The three cannot drift apart.
"""

from __future__ import annotations

import hashlib
import re

from ..errors import InputError

ENV_CODES = {"dev": "dev", "test": "tst", "prod": "prd"}
WORKLOAD_RE = re.compile(r"^[a-z][a-z0-9-]*[a-z0-9]$")
RESERVED = ("microsoft", "azure", "windows", "login", "xbox", "office")


def default_suffix(workload: str, environment: str, location: str) -> str:
    """Four deterministic characters that keep globally unique names unique."""
    digest = hashlib.sha256(f"{workload}|{environment}|{location}".encode()).hexdigest()
    return "".join(c for c in digest if c.isalnum())[:4]


def _parts(style: str, abbr: str):
    if style == "compact":
        return [("lit", abbr), ("workload_compact", None), ("env", None), ("suffix", None)]
    return [("lit", abbr + "-"), ("workload", None), ("lit", "-"), ("env", None), ("lit", "-"), ("suffix", None)]


def resolve(style: str, abbr: str, workload: str, env_code: str, suffix: str) -> str:
    values = {"workload": workload, "workload_compact": workload.replace("-", ""), "env": env_code, "suffix": suffix}
    return "".join(v if k == "lit" else values[k] for k, v in _parts(style, abbr))


def bicep_expr(style: str, abbr: str) -> str:
    """A Bicep string expression over workloadName, environmentCode and nameSuffix."""
    refs = {"workload": "${workloadName}", "workload_compact": "${replace(workloadName, '-', '')}",
            "env": "${environmentCode}", "suffix": "${nameSuffix}"}
    return "'" + "".join(v if k == "lit" else refs[k] for k, v in _parts(style, abbr)) + "'"


def terraform_expr(style: str, abbr: str) -> str:
    refs = {"workload": "${var.workload_name}", "workload_compact": '${replace(var.workload_name, "-", "")}',
            "env": "${local.environment_code}", "suffix": "${var.name_suffix}"}
    return '"' + "".join(v if k == "lit" else refs[k] for k, v in _parts(style, abbr)) + '"'


def check_workload_name(name: str) -> None:
    if not name:
        raise InputError("--name is empty", "give a short workload name such as contoso-chat")
    if any(ord(c) < 32 for c in name) or "/" in name or "\\" in name or ".." in name:
        raise InputError(f"--name {name!r} contains a path separator or control character",
                         "use lowercase letters, digits and single hyphens only")
    if not name.isascii():
        raise InputError(f"--name {name!r} contains non-ASCII characters",
                         "Azure resource names allow ASCII letters and digits only; transliterate it")
    if name != name.lower():
        raise InputError(f"--name {name!r} contains uppercase letters",
                         f"storage and search names must be lowercase; use {name.lower()!r}")
    if "{" in name or "%" in name or "}" in name:
        raise InputError(f"--name {name!r} contains template syntax", "use lowercase letters, digits and hyphens only")
    if not WORKLOAD_RE.match(name) or "--" in name:
        raise InputError(f"--name {name!r} is not a valid workload name",
                         "start with a letter, end with a letter or digit, and use only lowercase letters, digits and single hyphens (at least 2 characters)")
    for word in RESERVED:
        if word in name:
            raise InputError(f"--name {name!r} contains the reserved word {word!r}",
                             "Azure rejects names containing trademarked words for several resource types; choose another name")


def check_suffix(suffix: str) -> None:
    if not re.fullmatch(r"[a-z0-9]{3,6}", suffix or ""):
        raise InputError(f"name_suffix {suffix!r} is not 3-6 lowercase letters or digits",
                         "omit it to derive one, or pass --set name_suffix=abcd")


def names_for(components, workload: str, environment: str, suffix: str) -> dict[str, str]:
    """The resolved name of every component, checked against its Azure naming rule."""
    env_code = ENV_CODES[environment]
    names, problems = {}, []
    for c in components:
        if c.naming.style == "fixed":
            continue
        name = resolve(c.naming.style, c.abbreviation, workload, env_code, suffix)
        rule = c.naming
        if not (rule.min <= len(name) <= rule.max):
            budget = rule.max - (len(name) - len(workload))
            problems.append(f"{c.title} name {name!r} is {len(name)} characters; the rule for {c.arm_type} allows "
                            f"{rule.min}-{rule.max}, so --name may have at most {budget} characters")
        elif not re.fullmatch(rule.pattern, name):
            problems.append(f"{c.title} name {name!r} breaks the rule for {c.arm_type} (pattern {rule.pattern})")
        names[c.id] = name
    if problems:
        raise InputError("--name " + repr(workload) + " yields invalid resource names:\n  - " + "\n  - ".join(problems),
                         "choose a shorter name made of lowercase letters, digits and single hyphens")
    return names
