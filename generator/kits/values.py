"""Kit data (policy parameters, display names) written as Bicep and Terraform literals.

Everything a kit puts into IaC passes through here, so a quote or a `${` in kit data is
text in the generated code, never an expression.
"""

from __future__ import annotations

import json
import re

from ..render.literals import bicep_string, hcl_string  # noqa: F401 - kit values and tags share them

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def bicep_value(value, indent: int = 0) -> str:
    """A Bicep literal; arrays and objects one item per line, `indent` spaces deep."""
    pad = " " * indent
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return bicep_string(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        body = "".join(f"{pad}  {bicep_value(v, indent + 2)}\n" for v in value)
        return "[\n" + body + pad + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        body = "".join(f"{pad}  {k if _IDENT.match(str(k)) else bicep_string(str(k))}: {bicep_value(v, indent + 2)}\n"
                       for k, v in value.items())
        return "{\n" + body + pad + "}"
    raise TypeError(f"cannot write {type(value).__name__} as Bicep")


def _hcl_key(key: str) -> str:
    return key if _IDENT.match(key) else hcl_string(key)


def hcl_value(value, indent: int = 0) -> str:
    """An HCL literal laid out the way `terraform fmt` leaves it.

    Lists of scalars stay on one line; objects put one attribute per line with the `=`
    signs of consecutive one-line attributes aligned, as fmt does.
    """
    pad = " " * indent
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return hcl_string(value)
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        if all(not isinstance(v, (list, tuple, dict)) for v in value):
            return "[" + ", ".join(hcl_value(v) for v in value) + "]"
        body = "".join(f"{pad}  {hcl_value(v, indent + 2)},\n" for v in value)
        return "[\n" + body + pad + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        rows = [(_hcl_key(str(k)), hcl_value(v, indent + 2)) for k, v in value.items()]
        lines, run = [], []

        def flush():
            width = max((len(k) for k, _ in run), default=0)
            lines.extend(f"{pad}  {k.ljust(width)} = {v}" for k, v in run)
            run.clear()

        for k, v in rows:
            if "\n" in v:
                flush()
                lines.append(f"{pad}  {k} = {v}")
            else:
                run.append((k, v))
        flush()
        return "{\n" + "\n".join(lines) + "\n" + pad + "}"
    raise TypeError(f"cannot write {type(value).__name__} as HCL")
