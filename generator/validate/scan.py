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
    infra = root / "infra"
    cmd = [exe, "-d", str(infra), "-o", "json", "--quiet", "--compact"]
    config = root / ".checkov.yaml"
    if config.is_file():
        cmd += ["--config-file", str(config)]  # the repository's own skips and settings
    try:
        proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True, timeout=TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return [error("infra", 1, "checkov-error", f"checkov did not run: {exc}")]
    report.use("checkov")
    try:
        data = json.loads(proc.stdout or "null")
    except ValueError:
        why = (proc.stderr or proc.stdout or "no output").strip().splitlines()[-1:] or ["no output"]
        return [error("infra", 1, "checkov-error", f"checkov exited {proc.returncode}: {why[0][:200]}")]
    return parse(root, infra, data)


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
