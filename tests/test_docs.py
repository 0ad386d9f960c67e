"""Docs that run: every `archkit …` command line in README.md and docs/ parses, and docs/errors.md
lists the exit codes and messages the code has, and no others."""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from generator.cli import app

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
ERRORS_MD = REPO / "docs" / "errors.md"
runner = CliRunner()


# --- command lines ---------------------------------------------------------------------------


def documented_commands() -> list[tuple[str, str]]:
    """(where, command line) for every `archkit …` in a code block or an inline code span."""
    found = []
    for doc in DOCS:
        in_block = False
        for n, line in enumerate(doc.read_text().splitlines(), 1):
            where = f"{doc.relative_to(REPO)}:{n}"
            if line.lstrip().startswith("```"):
                in_block = not in_block
                continue
            if in_block:
                code = re.split(r"\s+#\s", line.strip().removeprefix("$ "), maxsplit=1)[0]
                candidates = re.split(r"\s(?:&&|\|\||\||;|>>?|<)\s", code)  # pipes, lists, redirections
            else:
                candidates = re.findall(r"`(archkit [^`]+)`", line)
            found += [(where, c.strip()) for c in candidates if c.strip().startswith("archkit ")]
    return found


def _normalise(token: str) -> list[str]:
    """Usage notation to one concrete token: [--x] -> --x, a|b -> a, --on/--off -> --on."""
    token = token.strip("[]")
    if token.startswith("--") and "/--" in token:
        token = token.split("/", 1)[0]
    if not token.startswith("-") and "|" in token:
        token = token.split("|", 1)[0]
    return [token] if token else []


# typer 0.28 carries its own copy of click: tell groups, options and arguments apart by behaviour
def _is_group(cmd) -> bool:
    return hasattr(cmd, "commands")


def _options(cmd) -> dict:
    opts = {}
    for p in cmd.params:
        if p.param_type_name == "option":
            for name in (*p.opts, *p.secondary_opts):
                opts[name] = p
    return opts


COMMANDS = documented_commands()


def test_the_docs_show_commands():
    assert len(COMMANDS) > 40, COMMANDS  # the extraction itself must keep working
    assert any(c.startswith("archkit adopt") for _, c in COMMANDS)


@pytest.mark.parametrize("where, line", COMMANDS, ids=[f"{w} {c[:60]}" for w, c in COMMANDS])
def test_documented_command_line_parses(where, line):
    tokens = [t for raw in shlex.split(line) for t in _normalise(raw)][1:]
    cmd = typer.main.get_command(app)
    path: list[str] = []
    while _is_group(cmd) and tokens and not tokens[0].startswith("-"):
        sub = cmd.commands.get(tokens[0])
        assert sub is not None, f"{where}: `archkit {' '.join(path + tokens[:1])}` is not a command"
        path.append(tokens.pop(0))
        cmd = sub
    help_text = runner.invoke(app, [*path, "--help"])
    assert help_text.exit_code == 0, f"{where}: `archkit {' '.join(path)} --help` fails: {help_text.output}"
    options = _options(cmd)
    options.update({h: None for h in ("-h", "--help")})
    positional = 0
    while tokens:
        token = tokens.pop(0)
        if token in ("...", "…"):
            continue
        if token.startswith("-") and token != "-":
            name = token.split("=", 1)[0]
            assert name in options, f"{where}: `archkit {' '.join(path)}` has no option {name} (in: {line})"
            assert name in help_text.output, f"{where}: {name} is missing from `archkit {' '.join(path)} --help`"
            param = options[name]
            if param is not None and not param.is_flag and "=" not in token and tokens:
                tokens.pop(0)  # its value
            continue
        positional += 1
    arguments = [p for p in cmd.params if p.param_type_name == "argument"]
    if not _is_group(cmd) and not any(a.nargs == -1 for a in arguments):
        assert positional <= len(arguments), f"{where}: too many arguments for `archkit {' '.join(path)}`: {line}"


# --- exit codes -------------------------------------------------------------------------------


def _documented_exit_codes() -> set[int]:
    text = ERRORS_MD.read_text()
    table = text.split("| Exit | Meaning |", 1)[1].split("\n\n", 1)[0]
    return {int(m) for m in re.findall(r"^\| (\d+) \|", table, re.M)}


def test_every_exit_code_is_documented_and_every_documented_one_is_used():
    code = "\n".join(p.read_text() for p in (REPO / "generator").rglob("*.py"))
    used = {int(n) for n in re.findall(r"(?:exit_code = |Exit\(|sys\.exit\(|os\._exit\(|INTERRUPTED = |return )(\d+)\b", code)}
    documented = _documented_exit_codes()
    assert documented == {0, 1, 2, 3, 130}
    assert used <= documented, f"exit codes in the code but not in docs/errors.md: {sorted(used - documented)}"
    assert documented - {0} <= used, f"documented but never used: {sorted(documented - {0} - used)}"


# --- messages ---------------------------------------------------------------------------------

_ERRORS = {"ArchkitError", "UsageError", "InputError", "CatalogError", "UnknownIdError", "TargetError", "RenderError",
           "KitError", "UpdateError", "GitFailed"}
# module constants messages interpolate, spelled out as users read them
_CONSTANTS = {"PATH": ".archkit/answers.yml", "PRISTINE_BRANCH": "archkit/pristine", "LABEL": "archkit/pristine"}
_HOLE = "\0"


def _flat(node) -> str:
    """A string expression as text, every interpolated value a hole."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else
                       _CONSTANTS.get(getattr(v.value, "attr", None) or getattr(v.value, "id", None), _HOLE)
                       for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _flat(node.left) + _flat(node.right)
    return _HOLE


def _sources():
    for path in sorted((REPO / "generator").rglob("*.py")):
        yield path, path.read_text()
    hook = REPO / "templates" / "starter" / "hooks" / "pre_gen_project.py"
    yield hook, hook.read_text().replace("{{ cookiecutter | jsonify | tojson }}", "'{}'")  # Jinja inside Python


def _code_messages() -> list[tuple[str, int, str]]:
    """(file, line, message template) of every error archkit raises."""
    out = []
    for path, text in _sources():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
                func = node.exc.func
                if (getattr(func, "id", None) or getattr(func, "attr", None)) in _ERRORS:
                    out.append((str(path.relative_to(REPO)), node.lineno, _flat(node.exc.args[0])))
    return out


def _all_strings() -> set[str]:
    strings = set()
    for _, text in _sources():
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.Constant, ast.JoinedStr, ast.BinOp)):
                s = _flat(node)
                if s.replace(_HOLE, "").strip():
                    strings.add(s)
    return strings


def _key_fragment(template: str) -> str | None:
    """The longest fixed run of a message (at least 8 characters) that a reader can find in the docs."""
    runs = [r.strip(" :;,.-") for part in template.split(_HOLE) for r in part.split("\n")]
    runs = [r for r in runs if len(r) >= 8]
    return max(runs, key=len) if runs else None


def test_every_error_message_in_the_code_is_in_errors_md():
    doc = ERRORS_MD.read_text()
    missing = [f"{f}:{line}: {frag!r}" for f, line, t in _code_messages()
               if (frag := _key_fragment(t)) and frag not in doc]
    assert not missing, "add these messages to docs/errors.md:\n" + "\n".join(missing)


# placeholders in docs/errors.md: X, ID, FILE:LINE, KIT/overlay/F[:LINE], 'quoted examples', …
_PLACEHOLDER = re.compile(r"[\w./\[\]:@-]*\b[A-Z][A-Z0-9_]*\b[\w./\[\]:@-]*|…|'[^']*'")


def _documented_messages() -> list[str]:
    segments = []
    for line in ERRORS_MD.read_text().splitlines():
        if line.startswith("| `"):
            segments += re.findall(r"`([^`]+)`", line.split(" | ")[0])
    return segments


def test_every_message_in_errors_md_exists_in_the_code():
    strings = _all_strings()
    pieces = {p.strip() for s in strings for p in s.split(_HOLE) if len(p.strip()) >= 10}

    def exists(segment: str) -> bool:
        chunks = [c.strip(" :;,.-()[]") for part in _PLACEHOLDER.split(segment) for c in part.split(": ")]
        chunks = [c for c in chunks if len(c) >= 10]
        if not chunks:
            return True  # only placeholders and short words: nothing to look for
        if any(c in p for c in chunks for p in pieces):
            return True
        # a message written out with example values: some run of a template's fixed parts, its holes
        # as wildcards, spans the whole segment
        for template in (s for s in strings if _HOLE in s):
            parts = [p.strip(" :;,.\n") for p in template.split(_HOLE)]
            for i in range(len(parts)):
                for j in range(i + 1, len(parts) + 1):
                    window = [p for p in parts[i:j] if p]
                    if sum(map(len, window)) >= 6 and re.fullmatch(
                            ".*?" + ".+?".join(map(re.escape, window)) + ".*?", segment, re.S):
                        return True
        return False

    stale = [s for s in _documented_messages() if not exists(s)]
    assert not stale, "docs/errors.md lists messages archkit no longer has:\n" + "\n".join(stale)
