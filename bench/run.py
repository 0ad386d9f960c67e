#!/usr/bin/env python3
"""archkit benchmarks: start-up, `new`, the render/validate matrix and catalog growth.

    .venv/bin/python bench/run.py                 # full run (`make bench`)
    .venv/bin/python bench/run.py --quick         # 3 runs per row: a smoke test
    .venv/bin/python bench/run.py --runs 20 --only startup,new
    .venv/bin/python bench/run.py --only validate    # `archkit validate` of one repository per flavour

Prints one table and writes bench/results.json (git-ignored). Every row is measured
``--runs`` times and reported as the median and min–max. A row with a reference is
measured alternately with it (A, B, A, B, …) so both see the same machine load, and its
ratio is the ratio of the two medians from this run. These machines are shared and noisy:
compare ratios, not absolute seconds, across runs.

What "cold" means here: every command row is a fresh interpreter (subprocess). The OS page
cache, Python's .pyc files and archkit's parsed-catalog cache are warm (one untimed
warm-up run of each command fills them, in a bench-private ARCHKIT_CACHE_DIR); that is what
a user sees from the second command on. Catalog-growth rows time ``load_catalog`` of
synthetic catalogs (the real one copied, its 13 entries cloned under new ids to 10, 100 and
1,000 entries): inside one process after its imports, with ``use_cache=False`` (parse +
validate), with the cache (load only; then also one entry as `show`/`new` use it, and every
entry as `list` does); and as a fresh process that imports the loader and loads with a warm
cache (what one command pays).

A row whose single run is slow gets fewer runs (never fewer than 3) so that the whole
benchmark stays near five minutes on a 2-core machine; the table marks it with ``†`` and
shows its run count. ``--max-row-seconds 0`` lifts the cap.

Nothing here asserts timings; the targets section only reports met or missed. The `coverage`
section is not a timing: it prints issue 16's figure, the share of each ML/data entry's fact-sheet
component table the default render deploys (and with every optional component chosen).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
RESULTS = REPO / "bench" / "results.json"
SECTIONS = ("startup", "new", "validate", "matrix", "catalog", "fleet", "coverage")
FLEET = 200  # repositories in the `archkit status` row
SIZES = (10, 100, 1000)
MB = 1024  # ru_maxrss is in KiB on Linux


# --- measuring ------------------------------------------------------------------------


class ChildFailed(RuntimeError):
    pass


def run_child(argv: list[str], env: dict, *, capture: bool = False, ok: tuple[int, ...] = (0,)) -> dict:
    """Run one command; return its wall time, peak RSS (this child only) and output.

    ``os.wait4`` gives the rusage of exactly this child (and the children it waited for),
    unlike RUSAGE_CHILDREN, which keeps the maximum over every child so far.
    """
    out = tempfile.TemporaryFile()
    err = tempfile.TemporaryFile()
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out if capture else subprocess.DEVNULL,
                            stderr=err, env=env, cwd=REPO)
    _, status, usage = os.wait4(proc.pid, 0)
    t1 = time.perf_counter()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err.seek(0)
    stderr = err.read().decode("utf-8", "replace")
    stdout = ""
    if capture:
        out.seek(0)
        stdout = out.read().decode("utf-8", "replace")
    out.close()
    err.close()
    if proc.returncode not in ok:
        raise ChildFailed(f"{' '.join(map(str, argv))} exited {proc.returncode}:\n{stderr[-3000:]}")
    return {"wall": t1 - t0, "t0": t0, "maxrss_kb": usage.ru_maxrss, "stdout": stdout}


def summary(samples: list[float]) -> dict:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples), "samples": samples}


def capped_runs(first_seconds: float, runs: int, cap: float) -> int:
    """Runs for a row whose one run (the pair, for alternated rows) takes ``first_seconds``."""
    if cap <= 0 or first_seconds * runs <= cap:
        return runs
    return max(min(3, runs), min(runs, int(cap // max(first_seconds, 1e-9))))


def alternate(a, b, runs: int, cap: float) -> tuple[list, list]:
    """Call a() and b() alternately; the first pair decides whether the row is capped."""
    ra, rb = [a()], [b()]
    n = capped_runs(ra[0]["wall"] + rb[0]["wall"], runs, cap)
    for _ in range(n - 1):
        ra.append(a())
        rb.append(b())
    return ra, rb


def row(rid, section, label, samples, *, ref_label=None, ref_samples=None, runs_wanted=None, note=None) -> dict:
    r = {"id": rid, "section": section, "label": label, "runs": len(samples),
         "capped": runs_wanted is not None and len(samples) < runs_wanted, **summary(samples)}
    if ref_samples is not None:
        r["reference"] = {"label": ref_label, "runs": len(ref_samples), **summary(ref_samples)}
        r["ratio"] = r["median"] / r["reference"]["median"]
    if note:
        r["note"] = note
    return r


# --- sections -------------------------------------------------------------------------


def bench_startup(ctx) -> list[dict]:
    py, archkit = str(BIN / "python"), str(BIN / "archkit")
    ref = [py, "-c", "import typer"]
    rows = []
    for rid, args in (("help", ["--help"]), ("list", ["list"]), ("show", ["show", "chat-baseline"])):
        cmd = [archkit, *args]
        run_child(cmd, ctx.env)  # warm-up: page cache, .pyc, catalog cache
        run_child(ref, ctx.env)
        a, b = alternate(lambda: run_child(cmd, ctx.env), lambda: run_child(ref, ctx.env), ctx.runs, ctx.cap)
        rows.append(row(f"startup.{rid}", "startup", f"archkit {' '.join(args)}", [x["wall"] for x in a],
                        ref_label="python -c 'import typer'", ref_samples=[x["wall"] for x in b],
                        runs_wanted=ctx.runs, note=_shipped_note() if rid == "help" else None))
        ctx.progress(rows[-1])
    return rows


def _shipped_note() -> str:
    from generator.oracles import SHIPPED

    size = sum(p.stat().st_size for p in SHIPPED.rglob("*") if p.is_file())
    return f"with the shipped oracle index installed ({size / 1024:.0f} KB in {SHIPPED.name}/; loaded only by validate)"


def bench_validate(ctx) -> list[dict]:
    """`archkit validate DIR` of one rendered repository per flavour, in a fresh process, with the
    oracle index a pip-installed user gets (the shipped one: the bench cache has no user index).

    Reference: the same command against an empty index (no ARM namespace, no azurerm resource),
    so the ratio is what loading and walking the shipped index costs, whatever the machine load.
    Against the empty index every azurerm resource is "unknown": that run exits 1, by design."""
    from generator.oracles.build import write_index

    archkit = str(BIN / "archkit")
    status = json.loads(run_child([archkit, "oracles", "status", "--json"], ctx.env, capture=True)["stdout"])
    empty = ctx.tmp / "empty-oracles"
    write_index(empty, {}, {"resources": {}, "data_sources": []}, {})
    rows = []
    for iac in ("bicep", "terraform"):
        repo = ctx.tmp / f"validate-{iac}"
        run_child([archkit, "new", "chat-baseline", "--iac", iac, "--name", "bench-app", "--no-input", "--no-git",
                   "-o", str(repo)], ctx.env)
        cmd = [archkit, "validate", str(repo)]
        ref = [*cmd, "--oracles", str(empty)]
        run_child(cmd, ctx.env)  # warm-up: page cache, .pyc files
        run_child(ref, ctx.env, ok=(0, 1))
        a, b = alternate(lambda: run_child(cmd, ctx.env), lambda: run_child(ref, ctx.env, ok=(0, 1)), ctx.runs, ctx.cap)
        files = sum(1 for p in (repo / "infra").rglob("*") if p.suffix in (".bicep", ".tf"))
        rows.append(row(f"validate.{iac}", "validate", f"archkit validate (chat-baseline, {iac})", [x["wall"] for x in a],
                        ref_label="same, against an empty oracle index", ref_samples=[x["wall"] for x in b],
                        runs_wanted=ctx.runs,
                        note=f"{files} {iac} files; oracles: {status['origin_label']} ({status['in_use']['path']})"))
        ctx.progress(rows[-1])
    return rows


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def bench_new(ctx) -> tuple[list[dict], list[dict]]:
    archkit, cookiecutter = str(BIN / "archkit"), str(BIN / "cookiecutter")
    template = REPO / "templates" / "starter"
    work = ctx.tmp / "new"
    work.mkdir()
    # cookiecutter writes replay files under ~ by default; keep them in the temp folder
    config = work / "cookiecutter-config.yaml"
    config.write_text(f"replay_dir: {work / 'replay'}\ncookiecutters_dir: {work / 'cookiecutters'}\n")
    name = "bench-app"
    rows, memory = [], []
    counter = iter(range(10**9))

    for iac in ("bicep", "terraform"):
        def ours(keep=False):
            out = work / f"ak-{next(counter)}"
            r = run_child([archkit, "new", "chat-baseline", "--iac", iac, "--name", name, "--no-input", "--no-git",
                           "-o", str(out)], ctx.env)
            r["out"] = out
            if not keep:
                shutil.rmtree(out)
            return r

        def theirs(keep=False):
            out = work / f"cc-{next(counter)}"
            r = run_child([cookiecutter, str(template), "--no-input", "--config-file", str(config), "-o", str(out),
                           "architecture=chat-baseline", f"iac={iac}", f"name={name}"], ctx.env)
            r["out"] = out / name
            if not keep:
                shutil.rmtree(out)
            return r

        # warm-up, and a check that both produce the same repository (answers file aside)
        w1, w2 = ours(keep=True), theirs(keep=True)
        t1, t2 = _tree(w1["out"]), _tree(w2["out"])
        t1.pop(".archkit/answers.yml", None)
        same = t1 == t2
        shutil.rmtree(w1["out"])
        shutil.rmtree(w2["out"].parent)
        a, b = alternate(ours, theirs, ctx.runs, ctx.cap)
        note = f"{len(t1)} files; same tree as cookiecutter: {'yes' if same else 'NO'}"
        rows.append(row(f"new.{iac}", "new", f"archkit new chat-baseline --iac {iac}", [x["wall"] for x in a],
                        ref_label="cookiecutter CLI, same template + context", ref_samples=[x["wall"] for x in b],
                        runs_wanted=ctx.runs, note=note))
        rows[-1]["same_tree_as_cookiecutter"] = same
        ctx.progress(rows[-1])
        for who, rs in (("archkit", a), ("cookiecutter", b)):
            mem = [x["maxrss_kb"] / MB for x in rs]
            memory.append({"id": f"memory.new.{iac}.{who}",
                           "label": f"{'archkit new' if who == 'archkit' else 'cookiecutter CLI'} ({iac})",
                           "unit": "MB", **summary(mem)})
    return rows, memory


def bench_matrix(ctx) -> tuple[list[dict], list[dict]]:
    """One fresh process renders all entries x flavours x modes, then validates each output."""
    cmd = [str(BIN / "python"), str(Path(__file__).resolve()), "--worker", "matrix"]
    info = {}

    def once():
        out = Path(tempfile.mkdtemp(prefix="matrix-", dir=ctx.tmp))
        r = run_child([*cmd, str(out)], ctx.env, capture=True)
        shutil.rmtree(out)
        marks = json.loads(r["stdout"].strip().splitlines()[-1])
        info.update(marks)
        r["render"] = marks["t_rendered"] - r["t0"]  # from spawn: interpreter, imports, catalog, render, write
        r["imports"] = marks["t_imported"] - r["t0"]
        r["validate"] = marks["t_validated"] - marks["t_rendered"]
        return r

    first = once()
    n = capped_runs(first["wall"], ctx.runs, ctx.cap)
    rs = [first] + [once() for _ in range(n - 1)]
    combos = f"{info['repos']} repos"
    rows = [
        row("matrix.render", "matrix", f"render matrix ({combos}), 1 process", [x["render"] for x in rs],
            runs_wanted=ctx.runs, note=f"{info['files']} files; includes interpreter start + imports "
                                        f"(median {statistics.median(x['imports'] for x in rs):.2f} s)"),
        row("matrix.render_validate", "matrix", "render matrix + validate_repository of each",
            [x["wall"] for x in rs], ref_label="render-only part of the same process",
            ref_samples=[x["render"] for x in rs], runs_wanted=ctx.runs,
            note=f"validation alone median {statistics.median(x['validate'] for x in rs):.2f} s; "
                 f"{info['errors']} errors found; oracles: {info['oracles'] or 'not found'}"),
    ]
    for r in rows:
        ctx.progress(r)
    mem = [x["maxrss_kb"] / MB for x in rs]
    memory = [{"id": "memory.matrix", "label": "render + validate the full matrix (1 process)", "unit": "MB",
               **summary(mem)}]
    return rows, memory


def bench_catalog(ctx) -> list[dict]:
    base = ctx.tmp / "catalogs"
    cmd = [str(BIN / "python"), str(Path(__file__).resolve()), "--worker", "catalog", str(base),
           "--runs", str(ctx.runs), "--max-row-seconds", str(ctx.cap), "--sizes", ",".join(map(str, ctx.sizes))]
    r = run_child(cmd, ctx.env, capture=True)
    data = json.loads(r["stdout"].strip().splitlines()[-1])
    rows = []
    modes = (("cold", "in-process, use_cache=False (parse + validate)"),
             ("warm", "in-process, warm cache (stat shared files, list entries, read header)"),
             ("show", "in-process, warm cache, then one entry (+1 stat, 1 unpickle)"),
             ("list", "in-process, warm cache, then every entry (+N stats, N unpickles)"))
    for mode, what in modes:
        for n in ctx.sizes:
            d = data[mode][str(n)]
            rows.append(row(f"catalog.{mode}.{n}", "catalog", f"load {n:,}-entry catalog, {what}", d["n"],
                            ref_label="13-entry catalog, same way", ref_samples=d["ref"], runs_wanted=ctx.runs))
            ctx.progress(rows[-1])
    # What a command pays: a fresh interpreter that imports the loader and loads (warm cache).
    env = {**ctx.env, "ARCHKIT_CACHE_DIR": str(base / "cache")}
    code = "import sys; from pathlib import Path; from generator.catalog import load_catalog; load_catalog(Path(sys.argv[1]))"
    py = str(BIN / "python")
    for n in ctx.sizes:
        def one(root):
            return lambda: run_child([py, "-c", code, str(root)], env)
        a, b = alternate(one(base / f"catalog-{n}"), one(base / "catalog-13"), ctx.runs, ctx.cap)
        rows.append(row(f"catalog.process.{n}", "catalog", f"load {n:,}-entry catalog, fresh process, warm cache",
                        [x["wall"] for x in a], ref_label="13-entry catalog, same way",
                        ref_samples=[x["wall"] for x in b], runs_wanted=ctx.runs))
        ctx.progress(rows[-1])
    return rows


def bench_fleet(ctx) -> list[dict]:
    """`archkit status` over a fleet of distinct generated repositories, a quarter of them on a git-hosted kit."""
    base = ctx.tmp / "fleet"
    made = run_child([str(BIN / "python"), str(Path(__file__).resolve()), "--worker", "fleet", str(base)], ctx.env,
                     capture=True)
    info = json.loads(made["stdout"].strip().splitlines()[-1])
    cmd = [str(BIN / "archkit"), "status", "--from-file", info["list"], "--json"]
    run_child(cmd, ctx.env)  # warm-up: .pyc files and the catalog cache
    first = run_child(cmd, ctx.env)
    n = capped_runs(first["wall"], ctx.runs, ctx.cap)
    rs = [first] + [run_child(cmd, ctx.env) for _ in range(n - 1)]
    r = row("fleet.status", "fleet", f"archkit status over {info['repos']} repositories (fresh process)",
            [x["wall"] for x in rs], runs_wanted=ctx.runs,
            note=f"{info['with_kit']} record a kit served from a bare git repository (file:// URL); "
                 f"{os.cpu_count()} CPUs")
    ctx.progress(r)
    return [r]


# --- workers (run in a child process) -------------------------------------------------


def worker_fleet(out: Path) -> None:
    """Render FLEET distinct repositories (every entry x flavour, distinct names) and list them."""
    from generator.catalog import load_catalog
    from generator.kits import load_kit
    from generator.render import new_repository
    from generator.render.answers import resolve

    catalog = load_catalog()
    work = out / "kit-work"
    shutil.copytree(REPO / "tests" / "fixtures" / "kits" / "contoso", work)
    git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.invalid"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "kit"], ["tag", "v1.0.0"]):
        subprocess.run([*git, *args], cwd=work, check=True, capture_output=True)
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(out / "kit.git")], check=True, capture_output=True)
    kit = load_kit(f"{(out / 'kit.git').as_uri()}@v1.0.0", catalog=catalog)
    combos = [(a, iac) for a in sorted(catalog.architectures) for iac in ("bicep", "terraform")]
    roots, with_kit = [], 0
    for i in range(FLEET):
        arch_id, iac = combos[i % len(combos)]
        use_kit = i % 4 == 0
        given = {"architecture": arch_id, "iac": iac, "name": f"fl{i:03d}"}
        if use_kit:
            given["tags"] = {"costCenter": "cc-1"}
        answers = resolve(catalog, given=given, kit=kit if use_kit else None)
        target = out / f"r{i:03d}-{arch_id}-{iac}"
        if use_kit:
            kit.relocate(target)
            with_kit += 1
        new_repository(catalog, answers, target, kit=kit if use_kit else None, make_git=False)
        roots.append(str(target))
    listing = out / "repos.txt"
    listing.write_text("\n".join(roots) + "\n", encoding="utf-8")
    print(json.dumps({"repos": len(roots), "with_kit": with_kit, "list": str(listing)}))



def worker_matrix(out: Path) -> None:
    t_start = time.perf_counter()
    from generator.catalog import load_catalog
    from generator.paths import oracles_dir
    from generator.render import new_repository
    from generator.render.answers import resolve
    from generator.validate import validate_repository

    t_imported = time.perf_counter()
    catalog = load_catalog()
    combos = [(a.id, iac, mode) for a in catalog.architectures.values()
              for iac in ("bicep", "terraform") for mode in a.network_supported]
    roots, files = [], 0
    for arch_id, iac, mode in combos:
        answers = resolve(catalog, given={"architecture": arch_id, "iac": iac, "network": mode})
        target = out / f"{arch_id}-{iac}-{mode}"
        files += len(new_repository(catalog, answers, target, make_git=False).files)
        roots.append(target)
    t_rendered = time.perf_counter()
    oracles = oracles_dir()
    errors = 0
    for root in roots:
        errors += len(validate_repository(root, oracles, catalog=catalog).errors)
    t_validated = time.perf_counter()
    print(json.dumps({"t_start": t_start, "t_imported": t_imported, "t_rendered": t_rendered,
                      "t_validated": t_validated, "repos": len(roots), "entries": len(catalog.architectures),
                      "files": files, "errors": errors, "oracles": str(oracles) if oracles else None}))


def make_synthetic(src: Path, dst: Path, n: int) -> list[str]:
    """A copy of the catalog whose architectures/ holds ``n`` clones of the real entries.

    Clone ``i`` copies real entry ``i mod 13`` with the id ``<real>-s<i>``; recommend.yaml's
    references to real ids are pointed at a clone of the same entry (or the first clone).
    """
    shutil.copytree(src, dst)
    arch_dir = dst / "architectures"
    real = sorted(arch_dir.glob("*.yaml"))
    texts = {p.stem: p.read_text(encoding="utf-8") for p in real}
    for p in real:
        p.unlink()
    first_clone: dict[str, str] = {}
    ids = []
    for i in range(n):
        base = real[i % len(real)].stem
        new_id = f"{base}-s{i:04d}"
        text, k = re.subn(r"^id: .*$", f"id: {new_id}", texts[base], count=1, flags=re.M)
        assert k == 1, base
        (arch_dir / f"{new_id}.yaml").write_text(text, encoding="utf-8")
        first_clone.setdefault(base, new_id)
        ids.append(new_id)
    rec = dst / "recommend.yaml"
    if rec.exists():
        def repl(m):
            return m.group(1) + first_clone.get(m.group(2), ids[0])
        pattern = r"^(\s*(?:recommend:|- id:)\s*)(" + "|".join(map(re.escape, sorted(texts, key=len, reverse=True))) + r")\s*$"
        rec.write_text(re.sub(pattern, repl, rec.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    return ids


def worker_catalog(base: Path, runs: int, cap: float, sizes: list[int]) -> None:
    os.environ["ARCHKIT_CACHE_DIR"] = str(base / "cache")
    from generator.catalog import load_catalog
    from generator.paths import catalog_dir

    src = catalog_dir()
    roots = {13: base / "catalog-13"}
    shutil.copytree(src, roots[13])
    for n in sizes:
        roots[n] = base / f"catalog-{n}"
        make_synthetic(src, roots[n], n)
    for n, root in roots.items():  # imports, a correctness check, and the warm cache
        cat = load_catalog(root, use_cache=True)
        assert len(cat.architectures) == n, (n, len(cat.architectures))

    def timed(root, use_cache, use):
        ids = sorted(p.stem for p in (root / "architectures").glob("*.yaml"))
        some_id = ids[len(ids) // 2]

        def f():
            t = time.perf_counter()
            cat = load_catalog(root, use_cache=use_cache)
            if use == "show":
                cat.architectures[some_id]
            elif use == "list":
                list(cat.architectures.values())
            return {"wall": time.perf_counter() - t}
        return f

    result = {}
    for mode, use_cache, use in (("warm", True, None), ("show", True, "show"), ("list", True, "list"),
                                 ("cold", False, None)):
        result[mode] = {}
        for n in sizes:
            a, b = alternate(timed(roots[n], use_cache, use), timed(roots[13], use_cache, use), runs, cap)
            result[mode][str(n)] = {"n": [x["wall"] for x in a], "ref": [x["wall"] for x in b]}
            print(f"catalog {mode} {n}: {len(a)} runs", file=sys.stderr)
    print(json.dumps(result))


# --- output ---------------------------------------------------------------------------


def fact_sheet_coverage() -> dict:
    """Issue 16's figure, not a timing: the share of each fact sheet's component table the
    default render deploys, and with every optional component chosen. The sheet rows are the
    data of tests/test_entry_coverage.py (kept there with each sheet's file name)."""
    import importlib.util

    from generator.catalog import load_catalog

    spec = importlib.util.spec_from_file_location("entry_coverage", REPO / "tests" / "test_entry_coverage.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    catalog = load_catalog()
    out = {}
    for arch_id, (sheet, rows) in sorted(mod.SHEETS.items()):
        default, missing_default = mod.coverage(catalog, arch_id, options=None)
        full, missing = mod.coverage(catalog, arch_id)
        out[arch_id] = {"sheet": sheet, "rows": len(rows), "default": default, "with_options": full,
                        "missing_by_default": missing_default, "missing": missing,
                        "options": list(catalog.architecture(arch_id).option_ids())}
    return out


def fmt_s(x: float) -> str:
    if x < 0.01:
        return f"{x * 1000:.2f} ms"
    if x < 1:
        return f"{x * 1000:.0f} ms"
    return f"{x:.2f} s"


def fmt_range(d: dict) -> str:
    return f"{fmt_s(d['min'])}–{fmt_s(d['max'])}"


def evaluate_targets(rows: dict, memory: dict) -> list[dict]:
    out = []

    def target(tid, label, value, limit, unit, stretch=None, basis=""):
        t = {"id": tid, "label": label, "limit": limit, "unit": unit, "basis": basis}
        if value is None:
            t.update(value=None, status="not run")
        else:
            t.update(value=value, met=value <= limit if unit == "x" else value < limit)
            t["status"] = "met" if t["met"] else "missed"
            if stretch is not None:
                t["stretch"] = stretch
                t["stretch_met"] = value <= stretch
        out.append(t)

    for rid, label in (("startup.help", "archkit --help"), ("startup.list", "archkit list"),
                       ("startup.show", "archkit show chat-baseline")):
        r = rows.get(rid)
        target(rid, f"{label} ≤ 1.3x import typer", r and r["ratio"], 1.3, "x", basis="ratio of medians")
    for iac in ("bicep", "terraform"):
        r = rows.get(f"new.{iac}")
        target(f"new.{iac}", f"archkit new --iac {iac} ≤ 1.0x cookiecutter CLI (stretch 0.8x)", r and r["ratio"],
               1.0, "x", stretch=0.8, basis="ratio of medians")
    for iac, limit in (("bicep", 1.0), ("terraform", 1.5)):
        r = rows.get(f"validate.{iac}")
        target(f"validate.{iac}", f"archkit validate of one {iac} repository ≤ {limit} s, shipped oracles",
               r and r["median"], limit, "s", basis="median wall time")
    r = rows.get("matrix.render_validate")
    target("matrix", "full matrix render + validate < 20 s", r and r["median"], 20.0, "s", basis="median wall time")
    r = rows.get("fleet.status")
    target("fleet.status", f"archkit status over {FLEET} repositories ≤ 10 s", r and r["median"], 10.0, "s",
           basis="median wall time")
    r = rows.get("catalog.warm.1000")
    target("catalog.1000", "1,000-entry catalog load ≤ 3x the 13-entry load (in-process, warm cache)",
           r and r["ratio"], 3.0, "x", basis="ratio of medians of load_catalog() with the cache, the path every command takes")
    if r:
        context = []
        for mode, what in (("show", "+ one entry"), ("list", "+ every entry"), ("cold", "use_cache=False"),
                           ("process", "fresh process")):
            c = rows.get(f"catalog.{mode}.1000")
            if c:
                context.append(f"{what}: {c['ratio']:.1f}x")
        out[-1]["context"] = "; ".join(context)
    mems = [m for k, m in memory.items() if k.startswith("memory.new.") and k.endswith(".archkit")]
    target("memory.new", "archkit new peak memory < 150 MB", max(m["max"] for m in mems) if mems else None,
           150.0, "MB", basis="largest peak RSS over all runs")
    return out


def print_report(results: dict) -> None:
    rows = results["rows"]
    head = ("row", "runs", "median", "min–max", "reference", "ref median", "ratio")
    table = []
    for r in rows:
        ref = r.get("reference")
        table.append((r["label"], f"{r['runs']}{'†' if r['capped'] else ''}", fmt_s(r["median"]), fmt_range(r),
                      ref["label"] if ref else "—", fmt_s(ref["median"]) if ref else "—",
                      f"{r['ratio']:.2f}x" if ref else "—"))
    widths = [max(len(h), *(len(t[i]) for t in table)) if table else len(h) for i, h in enumerate(head)]
    section = None
    print()
    print("  ".join(h.ljust(w) for h, w in zip(head, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for r, t in zip(rows, table):
        if r["section"] != section:
            if section is not None:
                print()
            section = r["section"]
        print("  ".join(c.ljust(w) for c, w in zip(t, widths)).rstrip())
    notes = [r for r in rows if r.get("note")]
    if notes:
        print("\nnotes:")
        for r in notes:
            print(f"  {r['label']}: {r['note']}")

    cov = results.get("coverage")
    if cov:
        print("\nfact-sheet coverage (components of each sheet's table the render deploys; issue 16 target 90%):")
        w = max(len(a) for a in cov)
        for arch_id, c in cov.items():
            opts = f"; with --set options=all {c['with_options']:.0%}" if c["options"] else ""
            left = f"; not rendered: {', '.join(c['missing'])}" if c["missing"] else ""
            print(f"  {arch_id.ljust(w)}  {c['default']:>4.0%} by default{opts} of {c['rows']} rows ({c['sheet']}){left}")

    growth = results.get("catalog_growth")
    if growth:
        print("\ncatalog growth (median load time; factor vs the 13-entry load in the same run):")
        for mode, sizes in growth.items():
            parts = [f"{n:>5} entries {fmt_s(d['median'])} ({d['factor']:.1f}x)" for n, d in sizes.items()]
            print(f"  {mode:7}: " + ";  ".join(parts))

    if results["memory"]:
        print("\npeak memory (ru_maxrss of the child process, per run):")
        mw = max(len(m["label"]) for m in results["memory"])
        for m in results["memory"]:
            print(f"  {m['label'].ljust(mw)}  median {m['median']:.0f} MB  (min–max {m['min']:.0f}–{m['max']:.0f} MB)")

    print("\ntargets:")
    for t in results["targets"]:
        if t["status"] == "not run":
            print(f"  [not run] {t['label']}")
            continue
        v = f"{t['value']:.2f}x" if t["unit"] == "x" else f"{t['value']:.1f} {t['unit']}"
        extra = ""
        if "stretch" in t:
            extra = f"; stretch {t['stretch']}x {'met' if t['stretch_met'] else 'missed'}"
        if t.get("context"):
            extra += f" (for context, {t['context']})"
        print(f"  [{t['status']:>6}] {t['label']}: {v}{extra}")
    if any(r["capped"] for r in rows):
        print(f"\n† fewer runs than asked: one run of this row is slow, so its runs were capped at "
              f"--max-row-seconds {results['meta']['max_row_seconds']:g} (min 3); --max-row-seconds 0 lifts the cap")
    print(f"\nwall time of the whole benchmark: {results['meta']['elapsed_s']:.0f} s; "
          f"results in {results['meta']['json']}")


# --- main -----------------------------------------------------------------------------


class Ctx:
    def __init__(self, args, tmp: Path):
        self.runs, self.cap, self.tmp, self.sizes = args.runs, args.max_row_seconds, tmp, args.sizes
        self.env = {**os.environ, "ARCHKIT_CACHE_DIR": str(tmp / "archkit-cache"), "PYTHONUNBUFFERED": "1"}
        # PYTHONDONTWRITEBYTECODE too: with it, a module edited since its .pyc was written is
        # compiled again on every run, which a user (whose installer writes .pyc files) never pays.
        for k in ("PYTHONPROFILEIMPORTTIME", "PYTHONDEVMODE", "PYTHONTRACEMALLOC", "ARCHKIT_DEBUG",
                  "PYTHONDONTWRITEBYTECODE"):
            self.env.pop(k, None)

    def progress(self, r: dict) -> None:
        ratio = f"  {r['ratio']:.2f}x" if "ratio" in r else ""
        print(f"  {r['label']}: {fmt_s(r['median'])} ({r['runs']} runs){ratio}", file=sys.stderr, flush=True)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="3 runs per row (smoke test)")
    p.add_argument("--runs", type=int, help="runs per row (default 10; 3 with --quick)")
    p.add_argument("--only", default=",".join(SECTIONS),
                   help=f"comma-separated sections to run: {', '.join(SECTIONS)} (default: all)")
    p.add_argument("--sizes", default=",".join(map(str, SIZES)), help="synthetic catalog sizes (default 10,100,1000)")
    p.add_argument("--max-row-seconds", type=float, default=40.0,
                   help="time budget of one row; slower rows get fewer runs, min 3 (0: no cap; default 40)")
    p.add_argument("--json", type=Path, default=RESULTS, help="where to write the results (default bench/results.json)")
    p.add_argument("--worker", help=argparse.SUPPRESS)
    p.add_argument("worker_args", nargs="*", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.runs = args.runs or (3 if args.quick else 10)
    if args.runs < 1:
        p.error("--runs must be at least 1")
    args.only = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = set(args.only) - set(SECTIONS)
    if unknown:
        p.error(f"unknown section(s) {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
    args.sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.worker == "matrix":
        worker_matrix(Path(args.worker_args[0]))
        return 0
    if args.worker == "fleet":
        worker_fleet(Path(args.worker_args[0]))
        return 0
    if args.worker == "catalog":
        worker_catalog(Path(args.worker_args[0]), args.runs, args.max_row_seconds, args.sizes)
        return 0
    for tool in ("python", "archkit", "cookiecutter"):
        if not (BIN / tool).exists():
            print(f"error: {BIN / tool} not found; run this with the project's venv python (make bench)", file=sys.stderr)
            return 2

    started = time.perf_counter()
    rows, memory = [], []
    with tempfile.TemporaryDirectory(prefix="archkit-bench-") as tmp:
        ctx = Ctx(args, Path(tmp))
        print(f"archkit bench: {args.runs} runs per row, sections {', '.join(args.only)}", file=sys.stderr)
        try:
            if "startup" in args.only:
                rows += bench_startup(ctx)
            if "new" in args.only:
                r, m = bench_new(ctx)
                rows += r
                memory += m
            if "validate" in args.only:
                rows += bench_validate(ctx)
            if "matrix" in args.only:
                r, m = bench_matrix(ctx)
                rows += r
                memory += m
            if "catalog" in args.only:
                rows += bench_catalog(ctx)
            if "fleet" in args.only:
                rows += bench_fleet(ctx)
            coverage = fact_sheet_coverage() if "coverage" in args.only else {}
        except ChildFailed as exc:
            print(f"error: a benchmarked command failed, so its timings mean nothing:\n{exc}", file=sys.stderr)
            return 1

    by_id = {r["id"]: r for r in rows}
    growth = {}
    for mode in ("cold", "warm", "show", "list", "process"):
        sizes = {n: by_id[f"catalog.{mode}.{n}"] for n in args.sizes if f"catalog.{mode}.{n}" in by_id}
        if sizes:
            growth[mode] = {n: {"median": r["median"], "factor": r["ratio"], "ref_median": r["reference"]["median"]}
                            for n, r in sizes.items()}
    results = {
        "meta": {
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "python": platform.python_version(),
            "platform": platform.platform(), "cpus": os.cpu_count(), "runs": args.runs,
            "max_row_seconds": args.max_row_seconds, "sections": args.only, "json": str(args.json),
            "elapsed_s": time.perf_counter() - started,
            "notes": ("command rows are fresh interpreters with warm OS page cache, .pyc files and archkit "
                      "catalog cache (one untimed warm-up each); ratios compare medians of alternated runs"),
        },
        "rows": rows,
        "memory": memory,
        "catalog_growth": growth,
        "coverage": coverage,
        "targets": evaluate_targets(by_id, {m["id"]: m for m in memory}),
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_report(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
