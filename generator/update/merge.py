"""The vendor-branch merge behind `archkit update`.

``archkit/pristine`` holds archkit's own renders, one commit per render, and nothing
else. An update commits the new render on top of it (through a temporary index,
so the user's files are untouched while it is built) and merges that commit into
the user's branch three ways. The base is the last pristine render the branch
already contains (``git merge-base``): it comes from the repository, never from
the templates installed today, so it is right after archkit itself was upgraded.
(Only a repository with no recorded render at all gets a base re-rendered from its
answers, and the summary says so.) The merge is git's own (``git merge-recursive``
with that base, leaving MERGE_HEAD/MERGE_MSG as ``git merge`` does), so conflicts
are ordinary git conflicts: standard markers, ``git mergetool``, ``git commit`` to
finish, ``git merge --abort`` to restore.

Checklists and ``.archkit/answers.yml`` get one extra pass (see checklists.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import yaml

from .. import safefs
from ..errors import UpdateError
from ..interrupt import pause_point
from ..render import answers_file
from . import checklists as cl
from . import gitops as g
from . import journal

LABEL = g.PRISTINE_BRANCH


@dataclass
class Plan:
    head: str
    theirs: str
    bases: list[str]
    old_tip: str | None          # archkit/pristine before the update (None: the branch is created)
    new_files: dict[str, bytes]
    up_to_date: bool = False
    reconstructed: bool = False
    git_dir: Path | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class Conflict:
    path: str
    kind: str

    @property
    def advice(self) -> str:
        return {
            "both-modified": "you and the new render changed the same lines: edit the <<<<<<< / ======= / >>>>>>> blocks",
            "deleted-by-you": "you deleted it and the new render changed it (its version is back in the working tree): "
                              "`git rm` it to keep it deleted, or `git add` it to keep it",
            "deleted-by-template": "the new render no longer has it and you edited it (your version is in the working tree): "
                                   "`git add` it to keep it, or `git rm` it to drop it",
            "both-added": "you and the new render both added it: merge the two versions in the <<<<<<< / >>>>>>> blocks",
        }.get(self.kind, "resolve it, then `git add` it")


@dataclass
class Outcome:
    updated: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    kept_ticks: list[str] = field(default_factory=list)
    kept_deleted: list[str] = field(default_factory=list)  # opt-out files the user deleted; left deleted
    commit: str | None = None
    diff: str | None = None


def pristine_tips(root: Path) -> list[tuple[str, str, str]]:
    """(commit, tree, ref) of the recorded pristine renders: the local branch first, then remotes'."""
    refs = g.out(root, "for-each-ref", "--format=%(objectname) %(tree) %(refname)", g.PRISTINE_REF,
                 f"refs/remotes/*/{g.PRISTINE_BRANCH}")
    tips = [tuple(line.split(" ", 2)) for line in refs.splitlines() if line.count(" ") >= 2]
    return sorted(tips, key=lambda t: t[2] != g.PRISTINE_REF)


def _equivalent_answers(a: bytes | None, b: bytes | None) -> bool:
    """Two answers files that differ at most in the archkit version that wrote them."""
    try:
        da, db = yaml.safe_load(a or b""), yaml.safe_load(b or b"")
    except yaml.YAMLError:
        return False
    if not isinstance(da, dict) or not isinstance(db, dict):
        return False
    for d in (da, db):
        d.pop("archkit_version", None)
        d.pop(answers_file.PRISTINE_KEY, None)
    return da == db


def same_render(root: Path, commit: str, commit_tree: str, tree: str, new_files: dict[str, bytes]) -> bool:
    if commit_tree == tree:
        return True
    if answers_file.PATH not in new_files:
        return False
    names = g.out(root, "diff-tree", "-r", "--name-only", "--no-renames", commit_tree, tree).splitlines()
    return names == [answers_file.PATH] and _equivalent_answers(g.blob(root, commit, answers_file.PATH),
                                                               new_files.get(answers_file.PATH))


def prepare(root: Path, new_files: dict[str, bytes], *, message: str,
            reconstruct: Callable[[], dict[str, bytes]] | None = None, base_message: str | None = None) -> Plan:
    """Commit the new render as a pristine commit (no ref moves yet) and find the merge base."""
    head, git_dir = g.head_and_git_dir(root)
    tree = g.write_tree(root, new_files, git_dir)
    tips = pristine_tips(root)
    notes: list[str] = []
    if tips:
        tip, tip_tree, where = tips[0]
        local = where == g.PRISTINE_REF
        if not local:
            notes.append(f"no local {g.PRISTINE_BRANCH} branch; used {where.removeprefix('refs/remotes/')} and "
                         f"created {g.PRISTINE_BRANCH} from it")
        theirs = tip if same_render(root, tip, tip_tree, tree, new_files) else g.commit_tree(root, tree, [tip], message)
        bases = g.merge_bases(root, head, theirs)
        old_tip = tip if local else None
        if theirs in bases:  # the branch already contains this render
            return Plan(head, theirs, bases, old_tip, new_files, up_to_date=True, notes=notes, git_dir=git_dir)
        if not bases:
            bases = [tip]
            notes.append(f"{g.PRISTINE_BRANCH} shares no history with your branch; its tip (the last recorded "
                         "pristine render) is the merge base")
        return Plan(head, theirs, bases, old_tip, new_files, notes=notes, git_dir=git_dir)
    if reconstruct is None:
        raise UpdateError(f"this repository has no {g.PRISTINE_BRANCH} branch to merge from")
    base_files = reconstruct()
    base_tree = g.write_tree(root, base_files, git_dir)
    base = g.commit_tree(root, base_tree, [], base_message or message)
    theirs = base if base_tree == tree else g.commit_tree(root, tree, [base], message)
    notes.append(f"no {g.PRISTINE_BRANCH} branch (the repository was not created by `archkit new` with git, or the "
                 "branch was deleted): reconstructed the merge base by rendering the recorded answers with the installed "
                 "archkit. Lines the installed templates render differently from the ones you started from are treated "
                 f"as your edits and kept. From now on {g.PRISTINE_BRANCH} records each render.")
    return Plan(head, theirs, [base], None, new_files, reconstructed=True, notes=notes, git_dir=git_dir)


def run_merge(wt: Path, plan: Plan, message: str, git_dir: Path | None = None) -> None:
    """Three-way merge of the pristine commit into the checkout at ``wt`` (index and files).

    `git merge-recursive` takes the base explicitly, so a reconstructed base (or a pristine
    branch with no shared history) works the same way as the usual one; the merge state it
    leaves is git's own (MERGE_HEAD, MERGE_MSG), so `git commit` and `git merge --abort` work.
    """
    env = {f"GITHEAD_{plan.theirs}": LABEL, f"GITHEAD_{plan.head}": "HEAD"}
    proc = g.run(wt, "merge-recursive", *plan.bases, "--", plan.head, plan.theirs, check=False, env=env)
    if proc.returncode not in (0, 1):
        detail = (g.text(proc.stderr) or g.text(proc.stdout)).strip()
        raise UpdateError(f"git could not merge the new render: {detail or 'no message'}",
                          "nothing was changed; if git names untracked or ignored files that would be overwritten, "
                          "move them away and run the command again")
    git_dir = git_dir or g.head_and_git_dir(wt)[1]
    pause_point("update-merged")
    for name, content in (("MERGE_MSG", message.rstrip("\n") + "\n"), ("MERGE_MODE", "no-ff"),
                          ("ORIG_HEAD", plan.head + "\n"), ("MERGE_HEAD", plan.theirs + "\n")):
        safefs.write_file(git_dir, name, content.encode("utf-8"))


def _decode(data: bytes | None) -> str | None:
    if data is None:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def read_checklists(wt: Path, plan: Plan) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """Base, ours (HEAD) and theirs texts of every checklist file, in one git call."""
    folder = wt / cl.CHECKLIST_DIR
    names = {f"{cl.CHECKLIST_DIR}{p.name}" for p in folder.glob("*.md")} if folder.is_dir() else set()
    names |= {p for p in plan.new_files if cl.is_checklist(p)}
    names = sorted(names)
    base = plan.bases[0] if plan.bases else None
    specs = [f"{plan.head}:{p}" for p in names] + ([f"{base}:{p}" for p in names] if base else [])
    found = g.batch_blobs(wt, specs)
    ours_c, base_c, theirs_c = {}, {}, {}
    for p in names:
        for store, data in ((ours_c, found.get(f"{plan.head}:{p}")), (base_c, found.get(f"{base}:{p}")),
                            (theirs_c, plan.new_files.get(p))):
            t = _decode(data)
            if t is not None:
                store[p] = t
    return base_c, ours_c, theirs_c


def post_process(wt: Path, plan: Plan, outcome: Outcome, texts) -> None:
    """archkit's own files: the answers file is the new render's; checklist ticks follow their ids."""
    to_add: list[str] = []
    scratch = g.scratch_dir(plan.git_dir) if plan.git_dir else None

    def write(rel: str, text: str | bytes) -> None:  # never through a link; temp + fsync + rename
        try:
            safefs.write_file(wt, rel, text.encode("utf-8") if isinstance(text, str) else text)
        except safefs.LinkInPath as exc:  # appeared after the check in update._links_in_the_way
            raise UpdateError(f"{rel}: {exc.component} is {exc.what}; archkit never writes through a link, "
                              "so the update was stopped and undone",
                              "replace the link with a real file or folder, commit, and run `archkit update` again"
                              ) from None

    def read(rel: str) -> str | None:
        data = safefs.read_file(wt, rel)
        return _decode(data)

    answers = plan.new_files.get(answers_file.PATH)
    if answers is not None:
        write(answers_file.PATH, answers_file.record_pristine(answers, plan.theirs))
        to_add.append(answers_file.PATH)
    pause_point("update-post-process")

    base_c, ours_c, theirs_c = texts
    state = cl.TickState.of(base_c, ours_c, theirs_c)
    unmerged: dict | None = None

    def git_conflicted(path: str) -> bool:  # asked only when needed: one git call
        nonlocal unmerged
        if unmerged is None:
            unmerged = g.unmerged(wt)
        return path in unmerged

    for p in sorted(set(base_c) | set(ours_c) | set(theirs_c)):
        o, b, t = ours_c.get(p), base_c.get(p), theirs_c.get(p)
        if o is not None and t is not None:
            text, n, retired = cl.merge_checklist(b or "", o, t, state, scratch=scratch)
            if n == 0:
                write(p, text)
                to_add.append(p)
                outcome.retired += retired
            elif git_conflicted(p):
                write(p, text)  # still a conflict; ticks set by id on both sides
                outcome.retired += retired
            elif (current := read(p)) is not None:
                # git merged it cleanly where the tick-blind merge did not: keep git's text, ticks by id
                write(p, cl.apply_ticks(current, state))
                to_add.append(p)
        elif o is not None and t is None and b is not None and o != b:
            # the new render dropped a checklist the user worked in: keep it, items marked retired
            text, marked = cl.mark_all_retired(o, state)
            write(p, text)
            to_add.append(p)
            outcome.retired += marked
        elif o is None and t is not None and b is None and not git_conflicted(p) and (current := read(p)) is not None:
            ticked = cl.apply_ticks(current, state)
            if ticked != current:  # an item the user ticked moved to a new checklist file
                write(p, ticked)
                to_add.append(p)
    outcome.kept_ticks = state.kept_ticks()
    if to_add:
        g.run(wt, "add", "--", *to_add)


# Files a team may delete to opt out of them (the drift workflow, the developer-portal entry):
# when the user deleted one and the new render changed it, it stays deleted instead of conflicting.
OPT_OUT_FILES = (".github/workflows/archkit-drift.yml", "catalog-info.yaml")


def keep_user_deletions(wt: Path, outcome: Outcome) -> None:
    unmerged = g.unmerged(wt)
    gone = [p for p in OPT_OUT_FILES if p in unmerged and 2 not in unmerged[p]]  # no "ours" stage: deleted by you
    if gone:
        g.run(wt, "rm", "--quiet", "--force", "--", *gone)
        outcome.kept_deleted += gone


KINDS = {"UU": "both-modified", "DU": "deleted-by-you", "UD": "deleted-by-template", "AA": "both-added",
         "AU": "added-by-you", "UA": "added-by-template", "DD": "both-deleted"}


def summarize(wt: Path, plan: Plan, outcome: Outcome) -> None:
    for entry in g.status_porcelain(wt, untracked="no"):
        xy, path = entry[:2], entry[3:]
        if xy in KINDS:
            outcome.conflicts.append(Conflict(path, KINDS[xy]))
        elif xy[0] == "A":
            outcome.added.append(path)
        elif xy[0] == "D":
            outcome.removed.append(path)
        elif xy[0] in "MT":
            outcome.updated.append(path)
    for bucket in (outcome.updated, outcome.added, outcome.removed):
        bucket.sort()
    outcome.conflicts.sort(key=lambda c: c.path)
    outcome.retired = sorted(set(outcome.retired))


def merge_in_place(wt: Path, plan: Plan, message: str, git_dir: Path | None = None) -> Outcome:
    """The merge itself, in the checkout at ``wt``: files, index and git's merge state; no commit."""
    outcome = Outcome()
    texts = read_checklists(wt, plan)
    if git_dir is None and plan.git_dir is not None and Path(wt).resolve() == plan.git_dir.parent.resolve():
        git_dir = plan.git_dir
    run_merge(wt, plan, message, git_dir)
    post_process(wt, plan, outcome, texts)
    keep_user_deletions(wt, outcome)
    summarize(wt, plan, outcome)
    return outcome


def apply(root: Path, plan: Plan, *, message: str, branch: str) -> Outcome:
    """Merge into the user's own working tree; commit when clean.

    The journal is written before the first change, so a kill at any point is undone by
    `archkit update --abort`; any other failure (or Ctrl-C / SIGTERM) restores at once.
    """
    git_dir = plan.git_dir or g.head_and_git_dir(root)[1]
    tracked = set(g.text(g.run(root, "ls-files", "-z").stdout).split("\0"))
    journal.begin(root, git_dir, branch=f"refs/heads/{branch}", head=plan.head, pristine_old=plan.old_tip,
                  pristine_new=plan.theirs, creates=[p for p in plan.new_files if p not in tracked])
    pause_point("update-journal")
    outcome = None
    try:
        outcome = merge_in_place(root, plan, message, git_dir)
        if plan.old_tip != plan.theirs:
            g.run(root, "update-ref", "-m", "archkit update: new pristine render", g.PRISTINE_REF, plan.theirs,
                  plan.old_tip or "")
        pause_point("update-pristine-moved")
        if not outcome.conflicts:
            g.run(root, "commit", "-q", "--no-edit", "--no-verify", env=g.identity_env(root))
            outcome.commit = g.rev(root, "HEAD")
            pause_point("update-committed")
    except BaseException:
        if outcome is None or not outcome.commit:
            doc = journal.read(git_dir)
            if doc is not None:
                journal.restore(root, git_dir, doc)
        journal.end(git_dir)
        raise
    journal.end(git_dir)
    return outcome


def preview(root: Path, plan: Plan, *, message: str, with_diff: bool = False) -> Outcome:
    """The same merge in a throw-away worktree: what `update` would do, with nothing written here."""
    with g.temporary_worktree(root, plan.head, g.scratch_dir(plan.git_dir or g.head_and_git_dir(root)[1])) as wt:
        outcome = merge_in_place(wt, plan, message)
        if with_diff:
            g.run(wt, "add", "-A")
            outcome.diff = g.text(g.run(wt, "diff", "--cached", "--no-renames", "--no-color", "--no-ext-diff",
                                        plan.head).stdout)
    return outcome
