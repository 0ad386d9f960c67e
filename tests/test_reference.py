"""The data the project carries matches the reference folder ``../shared`` it was built from.

Marked ``reference``: they run where that folder sits beside the checkout (and fail in CI
without it); every other test reads the carried copies only.
"""

from __future__ import annotations

import json
import sys

import pytest

from conftest import FACTS, REPO, SHARED, require_shared
from generator.oracles import MARKER, SHIPPED
from generator.oracles.build import from_shared, write_index

pytestmark = pytest.mark.reference


def test_shipped_oracle_index_is_the_build_of_the_reference_folder(tmp_path):
    source = require_shared(SHARED / "oracles")
    out = tmp_path / "index"
    write_index(out, *from_shared(source))
    built = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    shipped = {p.relative_to(SHIPPED).as_posix(): p.read_bytes() for p in SHIPPED.rglob("*") if p.is_file()}
    assert set(built) == set(shipped), "rebuild with `python -m generator.oracles.build` and commit generator/_oracles"
    stale = [name for name in built if name != MARKER and built[name] != shipped[name]]
    assert not stale, f"{stale} differ from ../shared/oracles: rebuild with `python -m generator.oracles.build`"
    a, b = json.loads(built[MARKER]), json.loads(shipped[MARKER])
    a.pop("built_at"), b.pop("built_at")
    assert a == b


def test_reference_facts_are_the_build_of_the_reference_folder():
    shared = require_shared(SHARED / "reference")
    sys.path.insert(0, str(REPO / "tests" / "data"))
    try:
        import build_reference_facts as builder
    finally:
        sys.path.pop(0)
    assert builder.render(builder.build(shared.parent)) == FACTS.read_text(encoding="utf-8"), \
        "rebuild with `python tests/data/build_reference_facts.py` and commit tests/data/reference-facts.json"
