"""Keep a generated repository current: `archkit update`, `archkit check`, `archkit diff`.

`update` re-renders the repository from `.archkit/answers.yml` with the installed
archkit and merges the result into the current branch three ways through git
(see merge.py): user edits are never dropped, a clash is an ordinary git conflict,
and `git merge --abort` restores the repository in one command.

Every command here that touches the repository holds its lock (lock.py); `update`
writes a journal before its first change (journal.py) so `archkit update --abort`
undoes an interrupted run; it checks that archkit/pristine is still archkit's own
(pristine.py), refuses downgrades, and refuses paths that go through a symbolic link.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
import os
import tempfile
from pathlib import Path

from .. import __version__, interrupt, safefs
from ..errors import ArchkitError, InputError, Interrupted, UpdateError
from ..render import answers_file
from . import gitops as g
from . import journal, lock, merge, pristine, state

__all__ = ["update", "check", "diff", "abort", "rebuild_pristine", "UpdateResult", "CheckResult", "DiffResult"]

ABORT_HINT = ("`archkit update --abort` (or `git merge --abort`) puts the repository back exactly as it was "
              "(one command)")


# ---------------------------------------------------------------- results

@dataclass
class UpdateResult:
    root: Path
    status: str                      # current | updated | conflicts
    exit_code: int
    dry_run: bool = False
    branch: str | None = None
    from_version: str | None = None
    to_version: str = __version__
    updated: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    conflicts: list[merge.Conflict] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    kept_ticks: list[str] = field(default_factory=list)
    kept_deleted: list[str] = field(default_factory=list)
    commit: str | None = None
    base: str | None = None
    pristine: str | None = None
    reconstructed: bool = False
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        would = "would be " if self.dry_run else ""
        if self.status == "current":
            return [f"{self.root}: already current with archkit {self.to_version}; nothing to update", *self.notes]
        versions = (f"archkit {self.from_version} -> {self.to_version}" if self.from_version != self.to_version
                    else f"archkit {self.to_version}")
        head = (f"archkit update{' (dry run; nothing written)' if self.dry_run else ''}: "
                f"new render ({versions}) {'would be merged' if self.dry_run else 'merged'} into {self.branch or 'HEAD'}")
        out = [head]
        for label, items in (("updated", self.updated), ("added", self.added), ("removed", self.removed)):
            out.append(f"  {would}{label} ({len(items)})" + (": " + ", ".join(items) if items else ""))
        out.append(f"  {'would conflict' if self.dry_run else 'conflicted'} ({len(self.conflicts)})"
                   + (":" if self.conflicts else ""))
        for c in self.conflicts:
            out.append(f"    {c.path}: {c.advice}")
        if self.kept_ticks:
            out.append(f"  checklist ticks kept ({len(self.kept_ticks)}): {', '.join(self.kept_ticks)}")
        if self.kept_deleted:
            out.append(f"  left deleted as you chose ({len(self.kept_deleted)}): {', '.join(self.kept_deleted)}")
        if self.retired:
            out.append(f"  checklist items retired from the catalog, kept and marked: {', '.join(self.retired)}")
        for note in self.notes:
            out.append(f"note: {note}")
        if self.dry_run:
            return out
        if self.conflicts:
            out += ["Conflicts are left for you (exit 1). To finish: edit each conflicted file, `git add` it, then "
                    "`git commit` (`git mergetool` also works).",
                    f"To restore instead: {ABORT_HINT}."]
        else:
            out.append(f"Committed the merge as {self.commit[:12] if self.commit else '?'}; "
                       "undo it with `git reset --hard HEAD^` (one command).")
        return out

    def as_dict(self) -> dict:
        return {"repository": str(self.root), "status": self.status, "exit_code": self.exit_code,
                "dry_run": self.dry_run, "from_version": self.from_version, "to_version": self.to_version,
                "updated": self.updated, "added": self.added, "removed": self.removed,
                "conflicts": [{"path": c.path, "kind": c.kind} for c in self.conflicts],
                "retired": self.retired, "kept_ticks": self.kept_ticks,
                "kept_deleted": self.kept_deleted, "commit": self.commit,
                "base": self.base, "pristine": self.pristine, "reconstructed": self.reconstructed,
                "notes": self.notes}


@dataclass
class CheckResult:
    root: Path
    status: str                      # current | update-available | nonconforming
    exit_code: int
    architecture: str
    recorded_version: str
    installed_version: str = __version__
    kit_recorded: str | None = None
    kit_installed: str | None = None
    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    kit_newer: list[str] = field(default_factory=list)  # newer version tags of the kit's source
    iac: str | None = None
    conformance: list[str] = field(default_factory=list)  # what the kit mandates and the code lacks

    def lines(self) -> list[str]:
        kit_lines = ([f"{len(self.conformance)} kit conformance finding(s): the code no longer carries what the kit "
                      "mandates (`archkit validate` names each):", *(f"  {c}" for c in self.conformance)]
                     if self.conformance else [])
        if self.status == "nonconforming":
            return [f"{self.root}: no update available, but not conforming to its kit ({self.architecture})", *kit_lines]
        if self.status == "current":
            return [f"{self.root}: current ({self.architecture}, archkit {self.installed_version})", *self.reasons]
        return [f"{self.root}: update available ({self.architecture})", *(f"  {r}" for r in self.reasons),
                "run `archkit diff` to see it, `archkit update` to merge it", *kit_lines]

    def as_dict(self) -> dict:
        return {"repository": str(self.root), "status": self.status, "exit_code": self.exit_code,
                "architecture": self.architecture, "recorded_version": self.recorded_version,
                "installed_version": self.installed_version,
                "kit": {"recorded": self.kit_recorded, "installed": self.kit_installed, "newer_tags": self.kit_newer},
                "changed": self.changed, "added": self.added, "removed": self.removed, "reasons": self.reasons,
                "conformance": self.conformance}


@dataclass
class DiffResult:
    root: Path
    diff: str
    conflicts: list[merge.Conflict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    exit_code: int = 0


# ---------------------------------------------------------------- shared steps

def _locate(root: Path) -> tuple[Path, Path]:
    """The repository's top folder and git folder (where the lock, journal and temporary files live)."""
    root = Path(root)
    if not root.is_dir():
        raise UpdateError(f"{root} is not a folder", "pass the folder of a repository made by `archkit new`")
    proc = g.run(root, "rev-parse", "--show-toplevel", "--absolute-git-dir", check=False)
    if proc.returncode != 0:
        why = g.text(proc.stderr).strip().splitlines()
        if why and "not a git repository" not in why[0]:
            raise UpdateError(f"{root}: git refuses to work here: {why[0].removeprefix('fatal: ')}",
                              "fix what git reports (e.g. `git config --global --add safe.directory PATH`), then retry")
        raise UpdateError(f"{root} is not inside a git repository",
                          "archkit update merges through git; run `git init && git add -A && git commit -m starter` "
                          "first (archkit then reconstructs the pristine base from the recorded answers)")
    top, git_dir = (Path(line) for line in g.text(proc.stdout).strip().splitlines()[:2])
    if root.resolve() != top.resolve() and (root / answers_file.PATH).is_file():
        raise UpdateError(f"{root} is a subfolder of the git repository at {top}",
                          "archkit update works on a repository generated by archkit at the top of its own git repository")
    return top, git_dir  # run from any folder inside the repository


def _repository(root: Path, git_dir: Path, *, require_clean: bool, require_branch: bool) -> str | None:
    """The branch, after every refusal `update` owes the user (called with the lock held)."""
    if not g.rev(root, "HEAD"):
        raise UpdateError(f"{root}: the repository has no commits yet", "commit the generated files first")
    branch_proc = g.run(root, "symbolic-ref", "-q", "--short", "HEAD", check=False)
    branch = g.text(branch_proc.stdout).strip() if branch_proc.returncode == 0 else None
    if require_branch and not branch:
        raise UpdateError(f"{root}: HEAD is detached (not on a branch), so the update would have nowhere to go",
                          "switch to the branch to update first, e.g. `git switch main`")
    if branch == g.PRISTINE_BRANCH:
        raise UpdateError(f"{root}: the checked-out branch is {g.PRISTINE_BRANCH}, which archkit keeps for its own renders",
                          "switch to your working branch, e.g. `git switch main`")
    for name, what in (("MERGE_HEAD", "a merge"), ("rebase-merge", "a rebase"), ("rebase-apply", "a rebase or am"),
                       ("CHERRY_PICK_HEAD", "a cherry-pick"), ("REVERT_HEAD", "a revert")):
        if require_clean and (git_dir / name).exists():
            raise UpdateError(f"{root}: {what} is in progress",
                              "finish it (`git commit`) or abort it (e.g. `git merge --abort`) before updating")
    if require_clean:
        dirty = g.status_porcelain(root)
        if dirty:
            shown = ", ".join(e.strip() for e in dirty[:5]) + (f" and {len(dirty) - 5} more" if len(dirty) > 5 else "")
            raise UpdateError(f"{root}: the working tree has uncommitted changes ({shown})",
                              "commit or stash them first (`git stash -u`): the update must be undoable with one command")
    return branch


@contextlib.contextmanager
def _session(root: Path, command: str):
    """The repository lock, signals deferred to safe points, and no leftovers of a killed run."""
    root, git_dir = _locate(root)
    with lock.held(git_dir, command), interrupt.deferred():
        journal.clean_scratch(root, git_dir)  # what a killed run left behind
        # anything that asks for a temporary file meanwhile (a kit read from PATH@REF too) gets one
        # in .git/archkit-tmp/, which the next run clears: never one in the system temp folder
        system_tmp, tempfile.tempdir = tempfile.tempdir, str(g.scratch_dir(git_dir))
        try:
            interrupt.pause_point(f"{command}-locked")
            yield root, git_dir
        finally:
            tempfile.tempdir = system_tmp
            journal.clean_scratch(root, git_dir)


def _tracked_part(root: Path, files: dict[str, bytes]) -> dict[str, bytes]:
    """The rendered files git would track here: like `archkit new`, leave out what the repository ignores.

    A merge may overwrite ignored files, so a rendered path that is ignored (and not tracked) must not
    reach the merge: the user's local file of that name stays theirs.
    """
    proc = g.run(root, "check-ignore", "--stdin", "-z", check=False,
                 input=b"".join(p.encode("utf-8") + b"\0" for p in files))
    if proc.returncode not in (0, 1):
        raise g.GitFailed(f"git check-ignore failed in {root}: {g.text(proc.stderr).strip()}")
    ignored = {g.text(p) for p in proc.stdout.split(b"\0") if p}
    return {p: d for p, d in files.items() if p not in ignored}


def _load_kit(rec: state.Recorded, kit_source: str | None, trust: bool, *, pinned: bool = False,
              kit_ref: str | None = None):
    """The kit to render with: --kit if given, else the one recorded in the answers file (None: no kit).

    ``kit_ref`` moves the recorded kit source to another ref (`--kit-ref v0.2.0`).
    """
    if not kit_source and not rec.kit:
        if kit_ref:
            raise UpdateError(f"--kit-ref {kit_ref}: {rec.display} records no kit",
                              "pass --kit SOURCE[@REF] to apply a kit")
        return None
    try:
        from ..kits import load_kit, load_recorded_kit
    except ModuleNotFoundError:
        raise UpdateError(f"{rec.where('kit')}: kit: this archkit cannot load platform kits",
                          "upgrade archkit to a version with kit support") from None
    root = rec.path.parent.parent
    if kit_source:
        kit = load_kit(str(kit_source), trust=trust)
        kit.relocate(root)
        return kit
    return load_recorded_kit(rec.kit, trust=trust, pinned=pinned and not kit_ref, root=root, ref=kit_ref)


def _answers(catalog, rec: state.Recorded, set_pairs, kit):
    from ..render.answers import parse_set_pairs, resolve

    overrides = parse_set_pairs(list(set_pairs or ()))
    given = dict(rec.answers)
    if "tags" in overrides:
        given["tags"] = {**(given.get("tags") or {}), **overrides.pop("tags")}
    given.update(overrides)
    state.check_architecture(catalog, rec, given["architecture"], "architecture" in overrides)
    try:
        return resolve(catalog, given=given, kit=kit)
    except InputError as exc:
        if overrides:
            raise
        raise InputError(f"{rec.display}: recorded answers: {exc.message}", exc.hint or
                         "fix the answer in the file, or override it with --set KEY=VALUE") from None


def _render(catalog, answers, kit) -> dict[str, bytes]:
    from ..render import render_files

    files, _ = render_files(catalog, answers, kit)
    return files


def _check_downgrade(rec: state.Recorded, kit, allow: bool) -> list[str]:
    """Refuse (unless ``allow``) an older archkit or an older kit than the one recorded; notes otherwise."""
    from ..kits import compare_versions

    problems = []
    if compare_versions(__version__, rec.archkit_version) < 0:
        problems.append((f"{rec.where('archkit_version')}: archkit_version: the repository was last rendered by archkit "
                         f"{rec.archkit_version}, newer than this archkit {__version__}; updating would downgrade it",
                         f"install archkit {rec.archkit_version} or newer"))
    recorded_kit = str((rec.kit or {}).get("version") or "")
    if kit is not None and recorded_kit and compare_versions(kit.version, recorded_kit) < 0:
        problems.append((f"{rec.where('kit')}: kit: the repository was rendered with kit {kit.name} {recorded_kit}, "
                         f"and {kit.source} now holds the older {kit.version}; updating would downgrade the kit",
                         f"point --kit at version {recorded_kit} or newer"))
    if problems and not allow:
        raise UpdateError("\n".join(p for p, _ in problems),
                          "; ".join(h for _, h in problems) + ", or pass --allow-downgrade to go back on purpose")
    return [f"downgrade allowed (--allow-downgrade): {p}" for p, _ in problems]


def _links_in_the_way(root: Path, rendered, last_render: str | None) -> None:
    """Refuse when a path the update may write (or delete) goes through a symbolic link; nothing is written.

    The paths: the new render's, the last recorded render's (a merge deletes what it dropped),
    and the checklists the user has.
    """
    paths = set(rendered)
    if last_render:
        paths |= set(g.text(g.run(root, "ls-tree", "-r", "-z", "--name-only", last_render).stdout).split("\0")) - {""}
    folder = root / "docs" / "checklists"
    if os.path.islink(root / "docs") or os.path.islink(folder):
        paths.add("docs/checklists/x.md")
    elif folder.is_dir():
        paths |= {f"docs/checklists/{p.name}" for p in folder.iterdir() if p.name.endswith(".md")}
    cache: dict = {}
    found: dict[str, tuple[str, list[str]]] = {}
    for rel in sorted(paths):
        hit = safefs.link_in_path(root, rel, cache=cache)
        if hit and (hit[1].startswith("a symbolic link") or hit[1] == "not a folder"):
            found.setdefault(hit[0], (hit[1], []))[1].append(rel)
    if not found:
        return
    lines = []
    for component, (what, rels) in sorted(found.items()):
        through = "" if rels == [component] else f" (archkit writes {len(rels)} path(s) through it, e.g. {rels[0]})"
        lines.append(f"  - {component}: {what}{through}")
    raise UpdateError(f"{root}: update refused: archkit never writes through a symbolic link, and these paths it "
                      f"would write go through one (a conflict for you to resolve; nothing was changed):\n"
                      + "\n".join(lines),
                      "replace each link with a real file or folder (e.g. `git rm LINK` then "
                      f"`git checkout {g.PRISTINE_BRANCH} -- PATH`), commit, and run `archkit update` again")


def _prepare(root: Path, catalog, set_pairs, kit_source, trust, kit_ref=None, *, allow_downgrade: bool = False):
    if catalog is None:
        from ..catalog import load_catalog

        catalog = load_catalog()
    rec = state.read(root)
    kit = _load_kit(rec, kit_source, trust, kit_ref=kit_ref)
    notes = _check_downgrade(rec, kit, allow_downgrade)
    tips = merge.pristine_tips(root)
    if tips:
        pristine.verify(root, tips[0][0], tips[0][2], rec.pristine, rec.display)
    answers = _answers(catalog, rec, set_pairs, kit)
    rendered = _render(catalog, answers, kit)
    _links_in_the_way(root, rendered, tips[0][0] if tips else None)
    new_files = _tracked_part(root, rendered)

    def reconstruct() -> dict[str, bytes]:
        return _reconstruct(root, catalog, rec, kit, kit_source, trust)

    pristine_msg = answers_file.pristine_message(
        f"archkit {__version__}: pristine render of {answers.architecture} ({answers.iac})")
    plan = merge.prepare(root, new_files, message=pristine_msg, reconstruct=reconstruct,
                         base_message=answers_file.pristine_message(
                             f"archkit {__version__}: pristine render of {answers.architecture} ({answers.iac}), "
                             "reconstructed from .archkit/answers.yml"))
    plan.notes = notes + plan.notes
    versions = (f"from archkit {rec.archkit_version} to {__version__}" if rec.archkit_version != __version__
                else f"with archkit {__version__}")
    message = (f"Update the {answers.architecture} starter {versions}\n\n"
               f"Merges the new pristine render recorded on {g.PRISTINE_BRANCH} (`archkit update`).\n")
    return rec, answers, plan, message


def _reconstruct(root: Path, catalog, rec: state.Recorded, kit, kit_source, trust) -> dict[str, bytes]:
    """The old render as closely as possible: recorded answers, and the recorded kit at its recorded commit."""
    old_kit = kit
    if rec.kit and not kit_source:
        try:
            old_kit = _load_kit(rec, None, trust, pinned=True)
        except ArchkitError:
            old_kit = kit
    return _tracked_part(root, _render(catalog, _answers(catalog, rec, (), old_kit), old_kit))


# ---------------------------------------------------------------- commands

def update(root, dry_run: bool = False, set_pairs=(), catalog=None, *, kit_source: str | None = None,
           kit_ref: str | None = None, trust: bool = False, allow_downgrade: bool = False) -> UpdateResult:
    """Merge a fresh render into the repository at ``root`` (see module docstring)."""
    try:
        with _session(Path(root), "update") as (root, git_dir):
            journal.refuse_if_pending(root, git_dir)
            branch = _repository(root, git_dir, require_clean=True, require_branch=True)
            return _update(root, branch, dry_run, set_pairs, catalog, kit_source, kit_ref, trust, allow_downgrade)
    except KeyboardInterrupt:
        if _pending_journal(root):
            raise Interrupted("interrupted, and the update could not be undone automatically",
                              "run `archkit update --abort` to put the repository back as it was") from None
        raise Interrupted("interrupted; the update was undone: HEAD, index, working tree and "
                          f"{g.PRISTINE_BRANCH} are as they were before it") from None
    except OSError as exc:  # disk full, permissions: a clear message, never a traceback
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        if _pending_journal(root):
            raise UpdateError(f"{root}: the update failed: {exc.strerror or exc}{where}",
                              "fix the cause, then run `archkit update --abort` to put the repository back") from None
        raise UpdateError(f"{root}: the update failed: {exc.strerror or exc}{where}; nothing was changed "
                          "(or it was undone)", "fix the cause (free space, permissions) and run it again") from None


def _pending_journal(root) -> bool:
    try:
        return journal.read(_locate(Path(root))[1]) is not None
    except (ArchkitError, OSError):
        return False


def _update(root, branch, dry_run, set_pairs, catalog, kit_source, kit_ref, trust, allow_downgrade) -> UpdateResult:
    rec, answers, plan, message = _prepare(root, catalog, set_pairs, kit_source, trust, kit_ref,
                                           allow_downgrade=allow_downgrade)
    result = UpdateResult(root, "current", 0, dry_run=dry_run, branch=branch, from_version=rec.archkit_version,
                          base=plan.bases[0] if plan.bases else None, pristine=plan.theirs,
                          reconstructed=plan.reconstructed, notes=list(plan.notes))
    if plan.up_to_date:
        return result
    outcome = (merge.preview(root, plan, message=message) if dry_run
               else merge.apply(root, plan, message=message, branch=branch))
    result.updated, result.added, result.removed = outcome.updated, outcome.added, outcome.removed
    result.conflicts, result.retired, result.kept_ticks = outcome.conflicts, outcome.retired, outcome.kept_ticks
    result.kept_deleted = outcome.kept_deleted
    result.commit = outcome.commit
    result.status = "conflicts" if outcome.conflicts else "updated"
    result.exit_code = 1 if outcome.conflicts else 0
    remotes = g.out(root, "remote").split() if not dry_run else []
    if remotes:
        remote = "origin" if "origin" in remotes else remotes[0]
        result.notes.append(f"push {g.PRISTINE_BRANCH} with your branch (`git push {remote} {g.PRISTINE_BRANCH}`) "
                            "so clones can update too")
    return result


@dataclass
class Report:
    """The outcome of `update --abort` / `update --rebuild-pristine`: lines to print, exit code."""

    root: Path
    lines: list[str]
    exit_code: int = 0

    def as_dict(self) -> dict:
        return {"repository": str(self.root), "exit_code": self.exit_code, "done": self.lines}


def abort(root) -> Report:
    """Undo an interrupted `archkit update` (journal), or a conflicted one left for the user."""
    try:
        with _session(Path(root), "update --abort") as (root, git_dir):
            doc = journal.read(git_dir)
            if doc is not None:
                done = journal.restore(root, git_dir, doc)
                journal.end(git_dir)
                return Report(root, [f"{root}: the interrupted update was undone", *(f"  {d}" for d in done)])
            merge_head = safefs.read_file(git_dir, "MERGE_HEAD", limit=200)
            theirs = g.text(merge_head or b"").strip()
            if theirs and g.rev(root, theirs) and pristine.is_archkit_commit(root, theirs):
                g.run(root, "merge", "--abort")
                return Report(root, [f"{root}: the conflicted update was aborted (`git merge --abort`); "
                                     "HEAD, index and working tree are as before it"])
            return Report(root, [f"{root}: nothing to abort: no interrupted or conflicted archkit update here "
                                 f"(no {git_dir / journal.NAME}, no merge of {g.PRISTINE_BRANCH} in progress); "
                                 "temporary files, if any, were removed"])
    except KeyboardInterrupt:
        raise Interrupted("interrupted during --abort", "run `archkit update --abort` again") from None


def rebuild_pristine(root, catalog=None, *, trust: bool = False) -> Report:
    """Point archkit/pristine back at what archkit wrote: the recorded commit, else a fresh render of the answers."""
    try:
        with _session(Path(root), "update --rebuild-pristine") as (root, git_dir):
            journal.refuse_if_pending(root, git_dir)
            _repository(root, git_dir, require_clean=False, require_branch=False)
            return _rebuild(root, catalog, trust)
    except KeyboardInterrupt:
        raise Interrupted("interrupted; archkit/pristine was not changed",
                          "run `archkit update --rebuild-pristine` again") from None


def _rebuild(root: Path, catalog, trust: bool) -> Report:
    rec = state.read(root)
    tips = merge.pristine_tips(root)
    local = next((t for t in tips if t[2] == g.PRISTINE_REF), None)
    old = local[0] if local else None
    if tips:
        try:
            pristine.verify(root, tips[0][0], tips[0][2], rec.pristine, rec.display)
            return Report(root, [f"{root}: {g.PRISTINE_BRANCH} is archkit's own and holds the recorded render; "
                                 "nothing to rebuild"])
        except UpdateError:
            pass
    was = f" (it was at {old[:12]}; `git branch archkit-moved {old}` keeps that commit if you need it)" if old else ""
    if rec.pristine:
        known = g.rev(root, rec.pristine) and pristine.is_archkit_commit(root, rec.pristine)
        candidate, source = (rec.pristine if known else None), f"the render recorded in {rec.display}"
    else:
        candidate, source = pristine.newest_in_history(root), "the last pristine render in your branch's history"
    if candidate:
        g.run(root, "update-ref", "-m", "archkit update --rebuild-pristine", g.PRISTINE_REF, candidate, old or "")
        return Report(root, [f"{root}: {g.PRISTINE_BRANCH} now points at {candidate[:12]}, {source}{was}",
                             "run `archkit update` again"])
    if catalog is None:
        from ..catalog import load_catalog

        catalog = load_catalog()
    kit = _load_kit(rec, None, trust)
    files = _reconstruct(root, catalog, rec, kit, None, trust)
    answers = _answers(catalog, rec, (), kit)
    tree = g.write_tree(root, files)
    commit = g.commit_tree(root, tree, [], answers_file.pristine_message(
        f"archkit {__version__}: pristine render of {answers.architecture} ({answers.iac}), rebuilt from "
        ".archkit/answers.yml", replaces=rec.pristine))
    g.run(root, "update-ref", "-m", "archkit update --rebuild-pristine", g.PRISTINE_REF, commit, old or "")
    lines = [f"{root}: {g.PRISTINE_BRANCH} rebuilt as {commit[:12]} by rendering the recorded answers{was}"]
    if rec.archkit_version != __version__:
        lines.append(f"note: the answers were recorded by archkit {rec.archkit_version} and rendered again by "
                     f"{__version__}; lines that differ between the two are treated as your edits by the next update")
    lines.append("run `archkit update` again")
    return Report(root, lines)


def diff(root, set_pairs=(), catalog=None, *, kit_source: str | None = None, trust: bool = False,
         kit_ref: str | None = None) -> DiffResult:
    """The unified diff `update` would apply to the last commit, computed in a throw-away worktree."""
    try:
        with _session(Path(root), "diff") as (root, git_dir):
            _repository(root, git_dir, require_clean=False, require_branch=False)
            return _diff(root, set_pairs, catalog, kit_source, trust, kit_ref)
    except KeyboardInterrupt:
        raise Interrupted("interrupted; nothing was written") from None


def _diff(root, set_pairs, catalog, kit_source, trust, kit_ref=None) -> DiffResult:
    notes = []
    if g.status_porcelain(root):
        notes.append("the working tree has uncommitted changes; the diff is against the last commit (HEAD)")
    rec, answers, plan, message = _prepare(root, catalog, set_pairs, kit_source, trust, kit_ref, allow_downgrade=True)
    notes += plan.notes
    if plan.up_to_date:
        return DiffResult(root, "", [], notes + ["already current; update would change nothing"])
    outcome = merge.preview(root, plan, message=message, with_diff=True)
    if outcome.conflicts:
        notes.append(f"{len(outcome.conflicts)} file(s) would conflict; the diff shows their conflict markers: "
                     + ", ".join(c.path for c in outcome.conflicts))
    return DiffResult(root, outcome.diff or "", outcome.conflicts, notes)


def check(root, catalog=None, *, kit_source: str | None = None, trust: bool = False, pre: bool = False) -> CheckResult:
    """Is a newer render available? Compares a fresh render's digests with the recorded ones (no git needed)."""
    root = Path(root)
    if not root.is_dir():
        raise UpdateError(f"{root} is not a folder", "pass the folder of a repository made by `archkit new`")
    root = state.find_root(root)
    if catalog is None:
        from ..catalog import load_catalog

        catalog = load_catalog()
    rec = state.read(root)
    kit = _load_kit(rec, kit_source, trust)
    answers = _answers(catalog, rec, (), kit)
    files = _render(catalog, answers, kit)
    fresh = {p: answers_file.digest(d) for p, d in files.items() if p != answers_file.PATH}
    recorded = {p: d for p, d in rec.digests.items() if p != answers_file.PATH}
    changed = sorted(p for p in fresh if p in recorded and fresh[p] != recorded[p])
    added = sorted(set(fresh) - set(recorded))
    removed = sorted(set(recorded) - set(fresh))
    kit_recorded = _kit_label(rec.kit)
    kit_installed = _kit_label(kit.info()) if kit is not None else None
    kit_changed = kit_recorded != kit_installed
    if rec.kit and kit is not None and not kit_source:
        from ..kits import kit_status

        kit_changed = bool(kit_status(rec.kit, kit).get("changed"))
    reasons = []
    if rec.archkit_version != __version__:
        reasons.append(f"archkit version: recorded {rec.archkit_version}, installed {__version__}")
    if kit_changed:
        reasons.append(f"kit: recorded {kit_recorded}, available {kit_installed}")
    kit_newer = _newer_kit_tags(kit, pre) if (kit is not None and not kit_source) else []
    if kit_newer:
        kit_changed = True
        reasons.append(f"kit {kit.name}: newer version{'s' if len(kit_newer) > 1 else ''} "
                       f"{', '.join(kit_newer)} (rendered from {kit.ref}); "
                       f"`archkit update --kit-ref {kit_newer[-1]}` moves to the newest")
    for label, paths in _groups(changed, added, removed):
        reasons.append(f"{label}: {', '.join(paths)}")
    stale = bool(changed or added or removed or kit_changed)
    if not stale and rec.archkit_version != __version__:
        reasons = [f"recorded with archkit {rec.archkit_version}; the installed {__version__} renders the same files"]
    conformance = _conformance(root, rec, kit) if (kit is not None and not kit_source) else []
    status = "update-available" if stale else "nonconforming" if conformance else "current"
    return CheckResult(root, status, 0 if status == "current" else 1, answers.architecture,
                       rec.archkit_version, kit_recorded=kit_recorded, kit_installed=kit_installed,
                       changed=changed, added=added, removed=removed, reasons=reasons, kit_newer=kit_newer,
                       iac=answers.iac, conformance=conformance)


def _conformance(root: Path, rec: state.Recorded, kit) -> list[str]:
    """Kit conformance of the code, against the kit as recorded (reused when it is that commit)."""
    from ..kits.conformance import conformance_findings

    same = kit.commit is not None and kit.commit == (rec.kit or {}).get("commit")
    return conformance_findings(root, kit if same else None)


def _newer_kit_tags(kit, pre: bool) -> list[str]:
    """Version tags of the kit's source newer than the tag it was rendered from."""
    from ..kits.source import newer_tags

    if kit.spec is None or not kit.ref:
        return []
    return newer_tags(kit.spec, kit.ref, pre=pre)


def _kit_label(info) -> str | None:
    if not info:
        return None
    return f"{info.get('name', '?')} {info.get('version', '?')}".strip()


def _groups(changed, added, removed):
    def area(p: str) -> str:
        if p.startswith("docs/checklists/"):
            return "checklists (catalog entry)"
        if p.startswith("infra/"):
            return "infrastructure"
        if p.startswith(".github/") or p.startswith(".ci/"):
            return "pipelines"
        return "other files"

    out = []
    for verb, paths in (("changed", changed), ("new", added), ("no longer rendered", removed)):
        by: dict[str, list[str]] = {}
        for p in paths:
            by.setdefault(area(p), []).append(p)
        for a, ps in by.items():
            out.append((f"{a}, {verb}", ps))
    return out
