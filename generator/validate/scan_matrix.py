"""`make scan`: render every catalog entry x flavour x network mode and run checkov on each.

    python -m generator.validate.scan_matrix [--out DIR] [--env dev --env prod] [--only ARCH] [--jobs N]

Each combination is rendered in memory the way the test suite does (``resolve`` with
--no-input defaults, then ``render_files``), written under DIR (a temporary folder by
default), and scanned with the repository's own ``.checkov.yaml`` through ``scan.py``.
Prints passed / failed / skipped per combination and a total, then every failed check.
Exit 0 when nothing failed, 1 when a check failed, 2 when checkov is missing or did not run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import scan

# Production renders differ (zone redundancy, replicas, retention), so these entries are also
# scanned with environment=prod by default; --env prod scans every entry in prod.
PROD_SAMPLES = ("chat-baseline", "aml-baseline")


def combinations(catalog, envs: list[str] | None, only: list[str] | None):
    out = []
    for arch in catalog.architectures.values():
        if only and arch.id not in only:
            continue
        for env in envs or ["dev"] + (["prod"] if arch.id in PROD_SAMPLES else []):
            for iac in ("bicep", "terraform"):
                for mode in arch.network_supported:
                    out.append((arch.id, iac, mode, env))
                    if arch.options:  # every optional component chosen, too
                        out.append((arch.id, iac, mode, env, "options=all"))
    return out


def render_combo(catalog, base: Path, given: dict, combo: tuple) -> tuple[Path, dict, dict]:
    """Render ``given`` plus the combo's ``KEY=VALUE`` extras into ``base``/<combo>; the folder,
    the files and the template context. The render matrix of the tests uses it too."""
    from ..render import render_files
    from ..render.answers import resolve

    given = {**given, **dict(e.split("=", 1) for e in combo if "=" in e)}
    files, ak = render_files(catalog, resolve(catalog, given=given))
    root = base / "-".join(c.replace("=", "-") for c in combo)
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root, files, ak


def render(catalog, combo, base: Path) -> Path:
    arch_id, iac, mode, env, *_ = combo
    return render_combo(catalog, base, {"architecture": arch_id, "iac": iac, "network": mode, "environment": env},
                        combo)[0]


def skip_listed(root: Path) -> int:
    """How many check ids the repository's .checkov.yaml skips (checkov does not run or count them)."""
    import yaml

    path = root / ".checkov.yaml"
    data = yaml.safe_load(path.read_text()) if path.is_file() else None
    return len((data or {}).get("skip-check") or [])


def scan_one(exe: str, root: Path) -> dict:
    data, problem = scan.invoke(exe, root)
    if problem is not None:
        return {"error": problem}
    return {**scan.summary(data), "skip_listed": skip_listed(root),
            "findings": scan.parse(root, root / "infra", data)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m generator.validate.scan_matrix", description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="render into this folder (kept) instead of a temporary one")
    ap.add_argument("--env", action="append", choices=("dev", "test", "prod"),
                    help=f"environments to render (default: dev, plus prod for {', '.join(PROD_SAMPLES)})")
    ap.add_argument("--only", action="append", metavar="ARCH", help="scan only this catalog entry (repeatable)")
    ap.add_argument("--jobs", type=int, default=2, help="checkov processes at once (default 2)")
    args = ap.parse_args(argv)

    from ..catalog import load_catalog

    exe = scan.find_checkov(Path.cwd())
    if exe is None:
        print(f"error: {scan.SKIPPED}", file=sys.stderr)
        return 2
    catalog = load_catalog()
    combos = combinations(catalog, args.env, args.only)
    if not combos:
        print("error: nothing to scan (check --only)", file=sys.stderr)
        return 2
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="archkit-scan-") as tmp:
        base = args.out or Path(tmp)
        base.mkdir(parents=True, exist_ok=True)
        roots = {combo: render(catalog, combo, base) for combo in combos}
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            results = dict(zip(combos, pool.map(lambda c: scan_one(exe, roots[c]), combos)))
        return report(results, exe, time.monotonic() - started)


def report(results: dict, exe: str, seconds: float) -> int:
    width = max(len("-".join(c)) for c in results)
    head = f"{'combination':<{width}}  {'passed':>6}  {'failed':>6}  {'skipped':>7}  {'skip-listed':>11}"
    print(f"checkov: {exe}")
    print(head)
    print("-" * len(head))
    total = {"passed": 0, "failed": 0, "skipped": 0, "skip_listed": 0}
    broken = []
    for combo, res in results.items():
        name = "-".join(combo)
        if "error" in res:
            broken.append((name, res["error"]))
            print(f"{name:<{width}}  {'error':>6}  {res['error']}")
            continue
        for key in total:
            total[key] += res[key]
        print(f"{name:<{width}}  {res['passed']:>6}  {res['failed']:>6}  {res['skipped']:>7}  {res['skip_listed']:>11}")
    print("-" * len(head))
    print(f"{'total (' + str(len(results)) + ' combinations)':<{width}}  "
          f"{total['passed']:>6}  {total['failed']:>6}  {total['skipped']:>7}  {total['skip_listed']:>11}   [{seconds:.0f} s]")
    print("skipped = suppressed results checkov reports; skip-listed = check ids the repository's .checkov.yaml\n"
          "skip-check names, each with its reason there (checkov does not run those, so they are not counted).")
    failed = [(name, f) for combo, res in results.items() if "error" not in res
              for name in ["-".join(combo)] for f in res["findings"]]
    if failed:
        print("\nfailed checks:")
        for name, f in failed:
            print(f"  {name}: {f.file}:{f.line}: {f.rule}: {f.message}")
    if broken:
        return 2
    return 1 if total["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
