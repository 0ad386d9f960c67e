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
