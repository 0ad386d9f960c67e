"""Any text a user or a kit supplies, written as a Bicep or Terraform string literal.

The result is always one complete literal that the language reads back as exactly the
input: quotes and backslashes escaped, line breaks and other control characters as
escape sequences, and interpolation markers made literal (Bicep ``${`` as ``\\${``;
HCL ``${`` and ``%{`` doubled to ``$${`` and ``%%{``), so a value can never become code.
tests/test_hostile_inputs.py parses rendered files with tree-sitter-bicep and HashiCorp's
HCL parser (pygohcl) and compares the values.
"""

from __future__ import annotations

import json

_BICEP = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _bicep_char(c: str) -> str:
    if c in _BICEP:
        return _BICEP[c]
    if ord(c) < 0x20 or ord(c) == 0x7F or 0x2028 <= ord(c) <= 0x2029:
        return f"\\u{{{ord(c):X}}}"
    return c


def bicep_string(text: str) -> str:
    out = "".join(_bicep_char(c) for c in str(text)).replace("${", "\\${")
    return f"'{out}'"


def hcl_string(text: str) -> str:
    # JSON's escapes (\" \\ \n \uXXXX) are HCL's; only the template markers need more.
    return json.dumps(str(text), ensure_ascii=False).replace("${", "$${").replace("%{", "%%{")
