"""`bench/run.py` runs and writes its results file. No timing is asserted: only the shape."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import missing

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_bench_quick_startup_writes_results(tmp_path):
    if not (BIN / "archkit").exists():
        missing("the archkit console script next to this interpreter", "run the tests from the venv `make test` builds")
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--only", "startup",
                           "--json", str(out)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "targets:" in proc.stdout

    results = json.loads(out.read_text())
    assert set(results) >= {"meta", "rows", "memory", "targets", "catalog_growth"}
    assert results["meta"]["runs"] == 3 and results["meta"]["sections"] == ["startup"]

    rows = {r["id"]: r for r in results["rows"]}
    assert set(rows) == {"startup.help", "startup.list", "startup.show"}
    for r in rows.values():
        assert r["runs"] == len(r["samples"]) == 3
        assert r["min"] <= r["median"] <= r["max"]
        ref = r["reference"]
        assert ref["label"] and len(ref["samples"]) == 3
        assert r["ratio"] == pytest.approx(r["median"] / ref["median"])

    targets = {t["id"]: t for t in results["targets"]}
    assert {"startup.help", "startup.list", "startup.show", "new.bicep", "new.terraform", "matrix",
            "catalog.1000", "memory.new"} <= set(targets)
    for tid, t in targets.items():
        ran = tid.startswith("startup.")
        assert t["status"] in (("met", "missed") if ran else ("not run",)), t


def test_bench_coverage_section_prints_each_entrys_figure(tmp_path):
    out = tmp_path / "results.json"
    proc = subprocess.run([sys.executable, str(REPO / "bench" / "run.py"), "--quick", "--only", "coverage",
                           "--json", str(out)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "fact-sheet coverage" in proc.stdout
    coverage = json.loads(out.read_text())["coverage"]
    assert "aml-baseline" in coverage and "rag" in coverage
    for arch_id, c in coverage.items():
        assert 0 < c["default"] <= c["with_options"] <= 1, (arch_id, c)
        assert f"  {arch_id} " in proc.stdout
