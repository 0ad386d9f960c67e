"""`archkit checklist status`: every checklist item of a repository, per environment.

The rendered checklists (docs/checklists/*.md) are the record: ticks, the state the
template wrote, and the claims each line cites. Each cited claim is proven again here, per
environment: Terraform claims on the values tfparse resolves with each
``infra/environments/*.tfvars`` file (or each .tfvars file that feeds the root module),
structural claims on the files. Bicep parameters files name the environments; Bicep claims
are literal values in the modules, so they hold or fail in every environment alike.

Per environment an item is:

* done    ticked, and every claim it cites holds there (a tick that cites no claim is the
          team's own and counts as done);
* partly  listed as partly done, or ticked but some cited claim fails there;
* open    otherwise.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import InputError
from . import DONE, OPEN, PARTLY, STATES
from .lines import parse

AREAS = ("resource-selection", "networking", "governance", "management", "security")
DEFAULT_ENV = "default"


@dataclass
class ItemStatus:
    id: str
    area: str
    severity: str
    text: str
    link: str
    ticked: bool
    source: str  # "code" (the template proved it), "team" (a tick without claims), "" (not ticked)
    claims: list[str]
    remaining: str
    states: dict[str, str] = field(default_factory=dict)  # environment -> done | partly | open
    problems: dict[str, list[str]] = field(default_factory=dict)  # environment -> failing claims

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class Status:
    root: Path
    environments: list[str]
    items: list[ItemStatus]
    notes: list[str] = field(default_factory=list)

    def summary(self) -> dict:
        """environment -> area -> severity -> {done, partly, open}."""
        out: dict = {}
        for env in self.environments:
            per_area = out.setdefault(env, {})
            for item in self.items:
                counts = per_area.setdefault(item.area, {}).setdefault(item.severity or "unknown", dict.fromkeys(STATES, 0))
                counts[item.states[env]] += 1
        return out

    def as_dict(self) -> dict:
        return {"root": str(self.root), "environments": self.environments, "summary": self.summary(),
                "items": [i.as_dict() for i in self.items], "notes": self.notes}


def environments(root: Path) -> dict[str, Path | None]:
    """Environment name -> its Terraform .tfvars file (None for Bicep parameters files)."""
    envs: dict[str, Path | None] = {}
    for f in sorted((root / "infra" / "environments").glob("*.tfvars")):
        envs[f.stem] = f
    for f in sorted((root / "infra" / "parameters").glob("*.parameters.json")):
        envs.setdefault(f.name[: -len(".parameters.json")], None)
    return envs or {DEFAULT_ENV: None}


def read_lines(root: Path):
    """(area, Line) for every item line of docs/checklists/<area>.md."""
    from ..validate.sources import read_source

    docs = root / "docs" / "checklists"
    if docs.is_symlink() or (root / "docs").is_symlink():
        raise InputError(f"{docs}: is a symbolic link; checklists are read only from inside the repository",
                         "replace the link with the folder itself")
    if not docs.is_dir():
        raise InputError(f"{root}: no docs/checklists folder",
                         "run it in a repository made by `archkit new`, or pass that folder")
    for md in sorted(docs.glob("*.md")):
        if md.is_symlink():
            continue  # never follow a link out of the repository
        text, problem = read_source(root, md)
        if problem:
            raise InputError(f"{md}: {problem.message}", "restore the checklist from `git log`")
        for line in text.splitlines():
            item = parse(line)
            if item is not None:
                yield md.stem, item


def status(root: Path) -> Status:
    root = Path(root).resolve()
    if not root.is_dir():
        raise InputError(f"{root}: no such directory", "pass the folder of a repository made by `archkit new`")
    envs = environments(root)
    lines = list(read_lines(root))
    prover = _Prover(root, envs)
    items = []
    for area, line in lines:
        item = ItemStatus(line.id, area, line.severity, line.text, line.link, line.ticked,
                          "code" if line.ticked and line.marked == "done" and line.claims else
                          ("team" if line.ticked else ""),
                          [c.text for c in line.claims], line.remaining)
        for env in envs:
            problems = [f"`{c.text}`: {p}" for c in line.claims for p in [prover.problem(c, env)] if p]
            item.problems[env] = problems
            item.states[env] = _state(line, problems)
        items.append(item)
    order = {a: i for i, a in enumerate(AREAS)}
    items.sort(key=lambda i: (order.get(i.area, len(order)), i.area))
    return Status(root, list(envs), items, prover.notes)


def _state(line, problems: list[str]) -> str:
    if line.ticked:
        return PARTLY if problems else DONE
    if line.marked in ("partly", "done") and len(problems) < len(line.claims):
        return PARTLY  # some listed evidence holds; a template "done" the team unticked is partly theirs to finish
    return OPEN


class _Prover:
    """Proves one cited claim in one environment; parses and evaluates each thing once."""

    def __init__(self, root: Path, envs: dict[str, Path | None]):
        self.root = root
        self.envs = envs
        self.cache: dict = {}
        self.memo: dict = {}
        self.notes: list[str] = []
        self._resolver = None
        self._resolver_made = False

    def resolver(self):
        if not self._resolver_made:
            self._resolver_made = True
            self._resolver = _make_resolver(self.root, self.notes)
        return self._resolver

    def problem(self, claim, env: str) -> str | None:
        tfvars = self.envs.get(env)
        key = (claim.text, claim.file.endswith(".tf") and tfvars)
        if key not in self.memo:
            self.memo[key] = self._prove(claim, tfvars)
        return self.memo[key]

    def _prove(self, claim, tfvars: Path | None) -> str | None:
        from ..validate import claims as literal

        if claim.check:
            return literal._check_structure(self.root, claim)
        resolver = self.resolver() if claim.file.endswith(".tf") else None
        context = None
        if resolver is not None and tfvars is not None:
            from ..validate.sources import rel

            context = rel(self.root, tfvars.resolve())
        _rule, problem = literal._check_one(self.root, claim.file, claim.path, claim.value, self.cache, resolver, context)
        return problem


def _make_resolver(root: Path, notes: list[str]):
    """The tfparse resolver validate uses, or None (no Terraform, tfparse missing, syntax errors)."""
    from ..validate import _resolver
    from ..validate.findings import ERROR, Report
    from ..validate.sources import infra_files

    if not infra_files(root, (".tf",)):
        return None
    from ..validate import terraform

    modules, _tfvars, findings = terraform.load(root)
    report = Report(root=root, oracles=None)
    clean = not any(f.rule in ("tf-syntax", "file-unreadable") and f.severity == ERROR for f in findings)
    resolver = _resolver(root, report, {"tf_modules": modules, "tf_clean": clean})
    notes += report.tools_skipped
    return resolver


def state_counts(st: Status, env: str) -> dict[str, int]:
    counts = dict.fromkeys((DONE, PARTLY, OPEN), 0)
    for item in st.items:
        counts[item.states[env]] += 1
    return counts
