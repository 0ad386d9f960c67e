"""Is `archkit/pristine` still what archkit wrote? The merge base of every update comes from it.

A branch is only a movable name: `git branch -f archkit/pristine main` turns the user's own
commits into "archkit's render", and the next update would then undo their edits. So
archkit checks, before it merges: every commit from the branch tip back to the render this
branch last merged (``pristine:`` in `.archkit/answers.yml`) carries the
``Archkit-Pristine: <version>`` trailer archkit puts on its commits. Anything else is
refused with a way out: `archkit update --rebuild-pristine`.
"""

from __future__ import annotations

from ..errors import UpdateError
from ..render import answers_file
from . import gitops as g

WALK_LIMIT = 500
REBUILD_HINT = ("run `archkit update --rebuild-pristine` to point it back at the render recorded in "
                ".archkit/answers.yml (or re-render it), then run the update again")


def _trailers(body: str) -> dict[str, list[str]]:
    paragraphs = [p for p in body.strip().split("\n\n") if p.strip()]
    out: dict[str, list[str]] = {}
    if not paragraphs:
        return out
    for line in paragraphs[-1].splitlines():
        key, sep, value = line.partition(":")
        if sep and key.strip() in (answers_file.PRISTINE_TRAILER, answers_file.REPLACES_TRAILER):
            out.setdefault(key.strip(), []).append(value.strip())
    return out


def _chain(root, tip: str) -> list[tuple[str, str, dict]]:
    """(commit, subject, trailers) along the first parents from ``tip``."""
    raw = g.out(root, "log", "--first-parent", f"-n{WALK_LIMIT}", "--format=%H%x1f%B%x1e", tip)
    out = []
    for rec in raw.split("\x1e"):
        rec = rec.strip("\n")
        if not rec:
            continue
        commit, _, body = rec.partition("\x1f")
        out.append((commit.strip(), body.strip().splitlines()[0] if body.strip() else "", _trailers(body)))
    return out


def newest_in_history(root, head: str = "HEAD") -> str | None:
    """The newest commit of ``head``'s history archkit wrote as a pristine render (a fresh repository's first commit)."""
    raw = g.out(root, "log", f"-n{WALK_LIMIT}", "--format=%H%x1f%B%x1e", head)
    for rec in raw.split("\x1e"):
        commit, _, body = rec.strip("\n").partition("\x1f")
        if commit and answers_file.PRISTINE_TRAILER in _trailers(body):
            return commit.strip()
    return None


def is_archkit_commit(root, commit: str) -> bool:
    chain = _chain(root, commit)
    return bool(chain) and answers_file.PRISTINE_TRAILER in chain[0][2]


def verify(root, tip: str, where: str, recorded: str | None, answers_display: str) -> None:
    """Raise UpdateError unless ``tip`` (of ``where``) leads back through archkit's commits only.

    The walk ends at ``recorded`` (the render this branch last merged). A repository fresh from
    `archkit new` records none: its first commit is itself the pristine render, so the walk ends
    at the commit the branch shares with the pristine tip, which must be archkit's as well.
    """
    name = where.removeprefix("refs/heads/").removeprefix("refs/remotes/")
    shared = None if recorded else (g.merge_bases(root, "HEAD", tip)[:1] or [None])[0]
    for commit, subject, trailers in _chain(root, tip):
        if answers_file.PRISTINE_TRAILER not in trailers:
            raise UpdateError(
                f"{root}: {name} (at {tip[:12]}) holds commit {commit[:12]} \"{subject[:60]}\", which archkit did not "
                f"write (it has no {answers_file.PRISTINE_TRAILER} trailer); merging from it could undo your own edits",
                REBUILD_HINT)
        if recorded is None and commit == shared:
            return
        if recorded and (commit == recorded or recorded in trailers.get(answers_file.REPLACES_TRAILER, [])):
            return
    if recorded is None:
        return  # no shared history (a rebuilt render): every commit of the branch is archkit's
    raise UpdateError(
        f"{root}: {name} (at {tip[:12]}) does not contain the render this branch last merged "
        f"({answers_display}: pristine: {recorded[:12] if recorded else '?'}); the branch was moved or rewritten",
        REBUILD_HINT)
