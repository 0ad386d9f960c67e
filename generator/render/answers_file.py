"""`.archkit/answers.yml`: what a repository was rendered from, and the digest of each file."""

from __future__ import annotations

import hashlib

import yaml

from .. import __version__

PATH = ".archkit/answers.yml"

_HEADER = ("# Written by archkit: the answers this repository was rendered from and a digest of\n"
           "# each rendered file. `archkit update` and `archkit check` read it. No secrets live here.\n")


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def dump(answers, files: dict[str, bytes], kit_info: dict | None = None, template: str = "starter") -> bytes:
    doc = {
        "archkit_version": __version__,
        "template": template,
        "answers": answers.as_dict(),
        "kit": kit_info,
        "digests": {path: digest(data) for path, data in sorted(files.items())},
    }
    return (_HEADER + yaml.safe_dump(doc, sort_keys=False, default_flow_style=False)).encode("utf-8")


# Every commit archkit makes on archkit/pristine carries this trailer (the archkit version that
# rendered it), and the answers file on the user's branch records the id of the pristine commit
# it was merged from; `archkit update` refuses a branch that no longer matches (update/pristine.py).
PRISTINE_TRAILER = "Archkit-Pristine"
REPLACES_TRAILER = "Archkit-Replaces"
PRISTINE_KEY = "pristine"


def pristine_message(subject: str, replaces: str | None = None) -> str:
    trailers = f"{PRISTINE_TRAILER}: {__version__}\n" + (f"{REPLACES_TRAILER}: {replaces}\n" if replaces else "")
    return f"{subject}\n\n{trailers}"


def record_pristine(data: bytes, commit: str) -> bytes:
    """The answers file with ``pristine: <commit>`` set (a top-level line after archkit_version)."""
    lines = data.decode("utf-8").splitlines(keepends=True)
    lines = [ln for ln in lines if not ln.startswith(f"{PRISTINE_KEY}:")]
    entry = f"{PRISTINE_KEY}: {commit}\n"
    at = next((n + 1 for n, ln in enumerate(lines) if ln.startswith("archkit_version:")), len(lines))
    lines.insert(at, entry)
    return "".join(lines).encode("utf-8")
