"""--scan: run checkov over infra/ when it is installed; its failed checks become findings.

checkov is heavy and optional (`make scan` installs it into .venv-scan), so a missing
checkov is a note in the report, never a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from .findings import Finding, error
from .sources import rel

TIMEOUT = 900
SKIPPED = "checkov not installed; run `make scan`"


def find_checkov(root: Path) -> str | None:
    for base in (Path.cwd(), root):
        candidate = base / ".venv-scan" / "bin" / "checkov"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return shutil.which("checkov")


def run(root: Path, report) -> list[Finding]:
    exe = find_checkov(root)
    if exe is None:
        report.skip(SKIPPED)
        return []
    data, problem = invoke(exe, root)
    if problem is not None:
        return [error("infra", 1, "checkov-error", problem)]
    report.use("checkov")
    return parse(root, root / "infra", data)


def command(exe: str, root: Path) -> list[str]:
    """The checkov command line for ``root``: its infra folder, JSON out, the repo's own config."""
    cmd = [exe, "-d", str(root / "infra"), "-o", "json", "--quiet", "--compact"]
    config = root / ".checkov.yaml"
    if config.is_file():
        cmd += ["--config-file", str(config)]  # the repository's own skips and settings
    return cmd


def invoke(exe: str, root: Path):
    """Run checkov on ``root``; (parsed JSON, None) or (None, why it did not run)."""
    try:
        proc = subprocess.run(command(exe, root), cwd=root, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"checkov did not run: {exc}"
    try:
        return json.loads(proc.stdout or "null"), None
    except ValueError:
        why = (proc.stderr or proc.stdout or "no output").strip().splitlines()[-1:] or ["no output"]
        return None, f"checkov exited {proc.returncode}: {why[0][:200]}"


def summary(data) -> dict:
    """passed / failed / skipped / parsing_errors totals over checkov's per-framework reports."""
    out = {"passed": 0, "failed": 0, "skipped": 0, "parsing_errors": 0}
    for rep in data if isinstance(data, list) else [data]:
        if not isinstance(rep, dict):
            continue
        summ = rep.get("summary") if isinstance(rep.get("summary"), dict) else rep
        for key in out:
            value = summ.get(key)
            out[key] += value if isinstance(value, int) else 0
    return out


def parse(root: Path, infra: Path, data) -> list[Finding]:
    """Failed checks from checkov's JSON: one report object, or a list of them per framework."""
    reports = data if isinstance(data, list) else [data]
    findings: list[Finding] = []
    for rep in reports:
        if not isinstance(rep, dict):
            continue
        for check in (rep.get("results") or {}).get("failed_checks") or []:
            path = check.get("file_abs_path") or str(infra / str(check.get("file_path", "")).lstrip("/"))
            lines = check.get("file_line_range") or [1, 1]
            cid = check.get("check_id") or "UNKNOWN"
            name = check.get("check_name") or ""
            where = check.get("resource") or ""
            findings.append(error(rel(root, Path(path)), lines[0] if lines else 1, f"checkov-{cid}",
                                  f"{name} ({where})" if where else name))
    return findings
