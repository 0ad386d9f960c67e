"""`archkit checklist export`: the checklist status as review-checklists JSON, CSV or Markdown.

The review-checklists format (github.com/Azure/review-checklists, checklists/*.en.json) is
an object with ``items`` (category, subcategory, text, waf, service, guid, id, severity,
link, graph) and the lists its tools read (categories, waf, status, severities, metadata).
Each exported item also carries ``status`` and ``comments`` in that project's vocabulary
(Fulfilled / Open), and ``x-archkit`` with the per-environment states and cited claims so
the file round-trips. GUIDs are uuid5 over a fixed namespace and the item id: the same id
gets the same GUID in every version and every repository.
"""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
from datetime import datetime, timezone

from . import DONE, OPEN, PARTLY
from .status import Status

FORMATS = ("review-checklist", "csv", "markdown")
# Fixed forever: changing it changes every exported GUID.
NAMESPACE = uuid.UUID("6f1c1f0e-6a43-5b8e-9a57-5d0f3c7a2b11")
SEVERITY = {"high": "High", "medium": "Medium", "low": "Low"}
AREA_TITLES = {"resource-selection": "Resource selection", "networking": "Networking", "governance": "Governance",
               "management": "Management", "security": "Security"}
WAF = ("Reliability", "Security", "Cost", "Operations", "Performance")
REVIEW_STATUS = {DONE: "Fulfilled", PARTLY: "Open", OPEN: "Open"}
STATUS_LIST = [
    {"name": "Not verified", "description": "This check has not been looked at yet"},
    {"name": "Open", "description": "There is an action item associated to this check"},
    {"name": "Fulfilled", "description": "This check has been verified, and there are no further action items associated to it"},
    {"name": "Not required", "description": "Recommendation understood, but not needed by current requirements"},
    {"name": "N/A", "description": "Not applicable for current design"},
]


def guid(item_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, item_id))


def subcategory(link: str) -> str:
    """The guidance section the item's link points at, e.g. '#secure-ai-access' -> 'Secure AI access'."""
    anchor = link.split("#", 1)[1] if "#" in link else ""
    if not anchor:
        return "General"
    text = " ".join("AI" if w == "ai" else w for w in anchor.split("-") if w)
    return text[:1].upper() + text[1:]


def waf_pillar(area: str, link: str) -> str:
    anchor = link.split("#", 1)[1] if "#" in link else ""
    if "cost" in anchor:
        return "Cost"
    if "continuity" in anchor or (area == "governance" and "operations" in anchor):
        return "Reliability"
    if area in ("security", "networking") or "security" in anchor:
        return "Security"
    if area == "resource-selection":
        return "Performance"
    return "Operations"


def _services(catalog, item_id: str) -> str:
    if catalog is None:
        return "NA"
    for area in catalog.areas.values():
        for item in area.items:
            if item.id == item_id and item.services:
                return ", ".join(catalog.components[s].service for s in item.services if s in catalog.components)
    return "NA"


def overall(states: dict[str, str]) -> str:
    """One state over environments: done only where every environment is done."""
    values = set(states.values())
    if values == {DONE}:
        return DONE
    return PARTLY if values & {DONE, PARTLY} else OPEN


def review_checklist(st: Status, catalog=None, name: str = "") -> dict:
    from .graph import item_query
    from .lines import Claim, claims_in

    items = []
    for it in st.items:
        cited: list[Claim] = claims_in("".join(f"`{c}`" for c in it.claims))
        graph, _records = item_query(catalog, cited) if catalog is not None and cited else (None, [])
        state = overall(it.states)
        per_env = ", ".join(f"{env}: {s}" for env, s in it.states.items())
        comments = f"archkit: {state} ({per_env})"
        if it.remaining:
            comments += f". Left: {it.remaining}"
        row = {"category": AREA_TITLES.get(it.area, it.area), "subcategory": subcategory(it.link), "text": it.text,
               "waf": waf_pillar(it.area, it.link), "service": _services(catalog, it.id), "guid": guid(it.id),
               "id": it.id, "severity": SEVERITY.get(it.severity, "Medium"), "link": it.link}
        if graph:
            row["graph"] = graph
        row["status"] = REVIEW_STATUS[state]
        row["comments"] = comments
        row["x-archkit"] = {"states": dict(it.states), "ticked": it.ticked, "claims": list(it.claims)}
        items.append(row)
    return {
        "items": items,
        "categories": [{"name": AREA_TITLES[a]} for a in AREA_TITLES if any(i.area == a for i in st.items)],
        "waf": [{"name": w} for w in WAF],
        "yesno": [{"name": "Yes"}, {"name": "No"}],
        "status": STATUS_LIST,
        "severities": [{"name": s} for s in SEVERITY.values()],
        "metadata": {"name": f"archkit design-area checklist: {name or st.root.name}", "state": "GA", "waf": "all",
                     "timestamp": datetime.now(timezone.utc).strftime("%B %d, %Y")},
    }


def to_csv(st: Status) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id", "guid", "area", "severity", "text", "link", *(f"state:{e}" for e in st.environments),
                "ticked", "claims", "left"])
    for it in st.items:
        w.writerow([it.id, guid(it.id), it.area, it.severity, _cell(it.text), it.link,
                    *(it.states[e] for e in st.environments), "yes" if it.ticked else "no",
                    _cell("; ".join(it.claims)), _cell(it.remaining)])
    return buf.getvalue()


def _cell(text: str) -> str:
    """Spreadsheets run a cell that starts with = + - @ as a formula: quote it."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_markdown(st: Status) -> str:
    envs = st.environments
    out = [f"# Checklist status: {st.root.name}", ""]
    for area in AREA_TITLES:
        rows = [i for i in st.items if i.area == area]
        if not rows:
            continue
        out += [f"## {AREA_TITLES[area]}", "", "| Item | Severity | " + " | ".join(envs) + " | Left |",
                "| --- | --- | " + " | ".join("---" for _ in envs) + " | --- |"]
        for it in rows:
            out.append(f"| [{it.id}]({it.link}) {_md(it.text)} | {it.severity} | "
                       + " | ".join(it.states[e] for e in envs) + f" | {_md(it.remaining)} |")
        out.append("")
    return "\n".join(out)


def _md(text: str) -> str:
    return re.sub(r"([|\\`<>])", r"\\\1", text)


def render(st: Status, fmt: str, catalog=None) -> str:
    if fmt == "review-checklist":
        return json.dumps(review_checklist(st, catalog), indent=2) + "\n"
    if fmt == "csv":
        return to_csv(st)
    return to_markdown(st) + "\n"


def write_file(path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all (a temporary file renamed into place)."""
    import os
    import tempfile
    from pathlib import Path

    from ..errors import InputError

    path = Path(path)
    if path.is_dir():
        raise InputError(f"{path}: is a folder", "pass a file name for the export")
    if path.is_symlink():
        raise InputError(f"{path}: is a symbolic link; not written through", "pass a regular file name")
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise InputError(f"{parent}: no such folder", "create it first, or pass another file name")
    fd, tmp = tempfile.mkstemp(prefix=".archkit-export-", dir=parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
