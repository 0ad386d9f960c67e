"""address-plan / subnet-delegation: the address plan a repository deploys, in every environment.

The plan is the `addressPlan` parameter (Bicep) or `address_plan` variable (Terraform): its
default, and each parameter file / .tfvars that sets it. Each is checked against the rules
in `generator.render.address_plan` (overlaps, minimum sizes per service, subnets inside the
virtual network, ranges a service rejects). The virtual-network module's subnets must carry
the delegation their service needs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from ..render import address_plan as rules
from .findings import Finding, error

_BICEP_SUBNET = re.compile(r"^resource \w+ 'Microsoft\.Network/virtualNetworks/subnets@")
_TF_SUBNET = re.compile(r'^resource "azurerm_subnet" ')
_TOP = re.compile(r"^(resource|output|module|data|var|param|locals|variable)\b")
_MAX = 1_000_000  # bytes: a hand-edited file larger than this is not an address plan


def _read(path: Path) -> str | None:
    if path.is_symlink() or not path.is_file() or path.stat().st_size > _MAX:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def _line(text: str, needle: str) -> int:
    for n, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return n
    return 1


def _normalise(plan) -> dict | None:
    if not isinstance(plan, dict):
        return None
    subnets = plan.get("subnets")
    if not isinstance(subnets, dict):
        return None
    return {"virtual_network": _unquote(plan.get("virtualNetwork", plan.get("virtual_network"))),
            "subnets": {str(_unquote(k)): _unquote(v) for k, v in subnets.items()}}


def _unquote(value):
    """python-hcl2 8 keeps the quotes of string literals and keys."""
    if isinstance(value, str) and len(value) >= 2 and value[0] == value[-1] == '"':
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _blocks(text: str, start: re.Pattern):
    """(first line number, lines) of each top-level block whose first line matches ``start``."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if start.match(lines[i]):
            j = i + 1
            while j < len(lines) and not _TOP.match(lines[j]):
                j += 1
            yield i + 1, lines[i:j]
            i = j
        else:
            i += 1


def _bicep(root: Path) -> tuple[list, dict]:
    from pycep import BicepParser

    infra = root / "infra"
    text = _read(infra / "main.bicep")
    if text is None or "param addressPlan " not in text:
        return [], {}
    try:
        parsed = BicepParser().parse(text=text)
    except Exception:  # noqa: BLE001 - a syntax error is the Bicep rules' finding, not ours
        return [], {}
    plans = [("infra/main.bicep", _line(text, "param addressPlan "), "the parameter default",
              _normalise(((parsed.get("parameters") or {}).get("addressPlan") or {}).get("default")))]
    for path in sorted((infra / "parameters").glob("*.parameters.json")) + [infra / "main.parameters.json"]:
        raw = _read(path)
        try:
            value = ((json.loads(raw or "{}").get("parameters") or {}).get("addressPlan") or {}).get("value")
        except (ValueError, AttributeError):
            continue  # not JSON (azd placeholders) or not a parameter file: nothing to check here
        if value is not None:
            plans.append((path.relative_to(root).as_posix(), _line(raw, '"addressPlan"'), path.name, _normalise(value)))
    subnets = {}
    module = _read(infra / "modules" / "virtual-network.bicep") or ""
    for line, block in _blocks(module, _BICEP_SUBNET):
        body = "\n".join(block)
        key = re.search(r"addressPlan\.subnets\.(\w+)", body)
        if key:
            subnets[key.group(1)] = ("infra/modules/virtual-network.bicep", line,
                                     set(re.findall(r"serviceName:\s*'([^']+)'", body)))
    return plans, subnets


def _terraform(root: Path) -> tuple[list, dict]:
    import hcl2

    infra = root / "infra"
    text = _read(infra / "variables.tf")
    if text is None or 'variable "address_plan"' not in text:
        return [], {}
    try:
        parsed = hcl2.loads(text)
    except Exception:  # noqa: BLE001 - reported by the Terraform rules
        return [], {}
    default = None
    for block in parsed.get("variable", []):
        for name, body in block.items():
            if _unquote(name) == "address_plan":
                default = body.get("default")
    plans = [("infra/variables.tf", _line(text, 'variable "address_plan"'), "the variable default", _normalise(default))]
    for path in sorted((infra / "environments").glob("*.tfvars")):
        raw = _read(path)
        try:
            value = hcl2.loads(raw or "").get("address_plan")
        except Exception:  # noqa: BLE001 - reported by the Terraform rules
            continue
        if value is not None:
            plans.append((path.relative_to(root).as_posix(), _line(raw, "address_plan"), path.name, _normalise(value)))
    subnets = {}
    module = _read(infra / "modules" / "virtual-network" / "main.tf") or ""
    for line, block in _blocks(module, _TF_SUBNET):
        body = "\n".join(block)
        key = re.search(r'var\.address_plan\.subnets\["(\w+)"\]', body)
        if key:
            delegations = set(re.findall(r'service_delegation\s*\{\s*name\s*=\s*"([^"]+)"', body))
            subnets[key.group(1)] = ("infra/modules/virtual-network/main.tf", line, delegations)
    return plans, subnets


def check(root: Path) -> list[Finding]:
    findings = []
    for load in (_bicep, _terraform):
        plans, subnets = load(root)
        for file, line, label, plan in plans:
            if plan is None:
                findings.append(error(file, line, "address-plan",
                                      f"{label}: the address plan must be an object with a `subnets` map of prefixes"))
                continue
            for problem in rules.check(plan, label):
                findings.append(error(file, line, "address-plan", problem))
            missing = sorted(set(subnets) - set(plan["subnets"]))
            if missing:
                findings.append(error(file, line, "address-plan",
                                      f"{label}: no prefix for subnet(s) {', '.join(missing)} that the network module creates"))
        for key, (file, line, delegations) in sorted(subnets.items()):
            spec = rules.BY_KEY.get(key)
            if spec and spec.delegation and spec.delegation not in delegations:
                findings.append(error(file, line, "subnet-delegation",
                                      f"subnet {key} ({spec.name}) must be delegated to {spec.delegation}; "
                                      f"it has {', '.join(sorted(delegations)) or 'no delegation'}"))
    return findings
