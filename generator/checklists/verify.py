"""`archkit checklist verify`: run each item's Resource Graph query against a subscription.

It runs ``az graph query -q QUERY --subscriptions ID --first 1000 -o json`` (the Azure CLI
and its resource-graph extension) once per item that has a query, after ``az account show``
proves a login. Nothing else is called; the output of az is read as data, bounded in size.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass, field

from ..errors import InputError
from .graph import item_query
from .lines import claims_in
from .status import Status

MAX_OUTPUT = 20 * 1024 * 1024  # bytes of az output read per query
TIMEOUT = 120  # seconds per az call
_SUBSCRIPTION = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


@dataclass
class ItemResult:
    id: str
    query: str | None
    compliant: list[str] = field(default_factory=list)
    noncompliant: list[str] = field(default_factory=list)
    error: str = ""

    @property
    def verdict(self) -> str:
        if self.query is None:
            return "no query"
        if self.error:
            return "error"
        if self.noncompliant:
            return "non-compliant"
        return "compliant" if self.compliant else "no deployed resource"

    def as_dict(self) -> dict:
        return {**asdict(self), "verdict": self.verdict}


def _az() -> str:
    path = shutil.which("az")
    if path is None:
        raise InputError("the Azure CLI (az) is not on PATH",
                         "install it (https://learn.microsoft.com/cli/azure/install-azure-cli), run `az login`, "
                         "then `az extension add --name resource-graph`")
    return path


TIMED_OUT = 124  # az's "exit status" when it did not answer in time (as timeout(1) reports it); never archkit's


def _run(args: list[str]) -> tuple[int, str, str]:
    try:
        proc = subprocess.run(args, capture_output=True, timeout=TIMEOUT, env=os.environ.copy())
    except subprocess.TimeoutExpired:
        return TIMED_OUT, "", f"az did not answer within {TIMEOUT} s"
    out = proc.stdout[:MAX_OUTPUT].decode("utf-8", "replace")
    return proc.returncode, out, proc.stderr[:4096].decode("utf-8", "replace")


def verify(st: Status, catalog, subscription: str) -> list[ItemResult]:
    if not _SUBSCRIPTION.match(subscription or ""):
        raise InputError(f"--subscription {subscription!r} is not a subscription id",
                         "pass the subscription GUID, e.g. from `az account show --query id -o tsv`")
    az = _az()
    code, _out, err = _run([az, "account", "show", "-o", "json"])
    if code != 0:
        raise InputError("the Azure CLI is not logged in (`az account show` failed"
                         + (f": {err.strip().splitlines()[0][:200]}" if err.strip() else "") + ")",
                         "run `az login`, then try again")
    results = []
    for it in st.items:
        query, _records = item_query(catalog, claims_in("".join(f"`{c}`" for c in it.claims)))
        res = ItemResult(it.id, query)
        results.append(res)
        if query is None:
            continue
        code, out, err = _run([az, "graph", "query", "-q", query, "--subscriptions", subscription,
                               "--first", "1000", "-o", "json"])
        if code != 0:
            res.error = (err.strip().splitlines() or [f"az exited with {code}"])[0][:300]
            continue
        try:
            data = json.loads(out)
        except ValueError:
            res.error = "az returned output that is not JSON"
            continue
        rows = data.get("data") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            res.error = "az returned JSON without a data list"
            continue
        verdicts: dict[str, bool] = {}
        for row in rows:
            if isinstance(row, dict) and isinstance(row.get("id"), str):
                verdicts[row["id"]] = verdicts.get(row["id"], True) and row.get("compliant") is True
        res.compliant = sorted(k for k, v in verdicts.items() if v)
        res.noncompliant = sorted(k for k, v in verdicts.items() if not v)
    return results
