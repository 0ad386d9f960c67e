"""Build archkit's oracle index from the reference oracle folder (``../shared/oracles``).

    python -m generator.oracles.build [--source ../shared/oracles] [--out generator/_oracles]

The index keeps only what validation reads: for ARM types the API versions, which versions
can only be referenced (``existing``), and the property trees (names, types, required,
read-only, enums, discriminators); for azurerm the arguments, blocks, exported attributes,
deprecations and the removed-resource tables. One gzip file per ARM namespace (a repository
uses a handful), one for azurerm, ``PROVENANCE.json`` and the sources' licence notices.
Output is deterministic: the same source gives byte-identical data files.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import FORMAT, MARKER

REPO = Path(__file__).resolve().parents[2]
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "_oracles"
BUILDER = "generator/oracles/build.py"

# Descriptor fields the validator and tests read; the rest (descriptions, patterns, lengths,
# deploy-time flags) stays out of the shipped index.
_KEEP = ("type", "required", "readonly", "discriminator", "items_discriminator", "enum", "enum_open")
_TREES = ("properties", "items", "values")
_VARIANTS = ("variants", "items_variants")
_ARG_KEEP = ("required", "optional", "computed", "type", "deprecated")
_BLOCK_KEEP = ("nesting_mode", "min_items", "max_items", "required", "deprecated")

NOTICES = {
    "NOTICE-bicep-types-az.txt": """\
The ARM type index in this folder (arm/*.json.gz) is derived from the type files of
Azure/bicep-types-az (https://github.com/Azure/bicep-types-az), which is licensed under
the MIT License:

MIT License

Copyright (c) Microsoft Corporation.

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.

Source repository, commit and build date: see PROVENANCE.json ("arm").
""",
    "NOTICE-terraform-provider-azurerm.txt": """\
The azurerm index in this folder (azurerm.json.gz) holds resource, argument and block
names, types and deprecation notes of the Terraform AzureRM provider
(hashicorp/terraform-provider-azurerm, https://github.com/hashicorp/terraform-provider-azurerm),
as reported by `terraform providers schema -json` and the provider's documentation.

The provider is licensed under the Mozilla Public License, v. 2.0. A copy of the MPL is
available at https://mozilla.org/MPL/2.0/. The Source Code Form of the provider is
available from the repository above, at the version named in PROVENANCE.json ("azurerm").
""",
}


# --- trimming (the reference folder's format -> the index's) ---------------------------


def trim_tree(tree: dict) -> dict:
    out = {}
    for name, d in tree.items():
        if name == "__discriminator__" and isinstance(d, dict):
            out[name] = {"name": d.get("name"), "variants": {k: trim_tree(v or {}) for k, v in (d.get("variants") or {}).items()}}
        elif isinstance(d, dict):
            out[name] = trim_descriptor(d)
    return out


def trim_descriptor(d: dict) -> dict:
    out = {k: d[k] for k in _KEEP if k in d and d[k] not in (None, False)}
    for k in _TREES:
        if isinstance(d.get(k), dict):
            out[k] = trim_tree(d[k])
    for k in _VARIANTS:
        if isinstance(d.get(k), dict):
            out[k] = {v: trim_tree(t or {}) for v, t in d[k].items()}
    return out


def trim_arm_type(t: dict) -> dict:
    out = {"api_versions": list(t.get("api_versions") or []), "latest_stable": t.get("latest_stable"),
           "latest": t.get("latest"),
           "properties": {v: trim_tree(tree) for v, tree in (t.get("properties") or {}).items()}}
    only = {v: {"existing_only": True} for v, s in (t.get("scopes") or {}).items() if (s or {}).get("existing_only")}
    if only:
        out["scopes"] = only
    return out


def trim_block(b: dict) -> dict:
    out = {k: b[k] for k in _BLOCK_KEEP if k in b and b[k] is not None}
    out["arguments"] = {n: {k: a[k] for k in _ARG_KEEP if a.get(k)} for n, a in (b.get("arguments") or {}).items()}
    out["blocks"] = {n: trim_block(c) for n, c in (b.get("blocks") or {}).items()}
    return out


def trim_deprecation(dep) -> dict:
    if not isinstance(dep, dict):
        return {"removed_in": None, "replacements": []}
    return {"removed_in": dep.get("removed_in"), "replacements": list(dep.get("replacements") or [])}


def trim_azurerm_resource(r: dict) -> dict:
    out = trim_block(r)
    out["attributes"] = list(r.get("attributes") or [])
    if r.get("deprecated"):
        out["deprecated"] = trim_deprecation(r["deprecated"])
    changes = (r.get("v5") or {}).get("breaking_changes")
    if changes:
        out["v5"] = {"breaking_changes": list(changes)}
    return out


def removed_table(table: dict) -> dict:
    return {n: {"replacements": list((e or {}).get("replacements") or []) if isinstance(e, dict) else []}
            for n, e in (table or {}).items()}


# --- reading the reference folder --------------------------------------------------------


def from_shared(src: Path) -> tuple[dict[str, dict], dict, dict]:
    """(ARM types by namespace, azurerm index, provenance) from a reference oracle folder."""
    src = Path(src)
    arm = json.loads((src / "azure-resource-types.json").read_text(encoding="utf-8"))
    arm_meta = json.loads((src / "azure-resource-types.meta.json").read_text(encoding="utf-8"))
    tf = json.loads((src / "azurerm-schema.json").read_text(encoding="utf-8"))
    tf_meta = json.loads((src / "azurerm-schema.meta.json").read_text(encoding="utf-8"))
    namespaces = list(arm_meta.get("namespaces_requested") or sorted({k.split("/")[0] for k in arm}))
    by_ns: dict[str, dict] = {ns: {} for ns in namespaces}
    casing = {ns.lower(): ns for ns in namespaces}
    for name, t in arm.items():
        ns = casing.setdefault(name.split("/")[0].lower(), name.split("/")[0])
        by_ns.setdefault(ns, {})[name] = trim_arm_type(t)
    resources = {n: trim_azurerm_resource(r) for n, r in tf.items()}
    deprecated = {n: trim_deprecation(d) for n, d in (tf_meta.get("deprecated_resources") or {}).items()}
    azurerm = {"resources": resources, "data_sources": sorted(tf_meta.get("all_data_sources") or []),
               "deprecated_resources": deprecated,
               "removed_in_4_0": removed_table(tf_meta.get("removed_in_4_0")),
               "removed_in_5_0": removed_table(tf_meta.get("removed_in_5_0"))}
    schema_src = tf_meta.get("schema_source") or {}
    docs = tf_meta.get("docs_source") or {}
    provenance = {
        "arm": {"source_repo": arm_meta.get("source_repo"), "commit": arm_meta.get("commit"),
                "commit_date": arm_meta.get("commit_date"), "generated_at": arm_meta.get("generated_at"),
                "max_depth": arm_meta.get("max_depth"), "licence": "MIT",
                "notice": "NOTICE-bicep-types-az.txt", "via": f"reference oracle folder {src.parent.name}/{src.name}"},
        "azurerm": {"provider": tf_meta.get("provider"), "provider_version": tf_meta.get("provider_version"),
                    "source_repo": "https://github.com/hashicorp/terraform-provider-azurerm",
                    "schema_source": {k: schema_src.get(k) for k in ("repo", "commit", "commit_date", "ref")},
                    "docs_commit": (docs.get("docs_for_schema_version") or {}).get("commit"),
                    "newest_docs_commit": (docs.get("newest_docs") or {}).get("commit"),
                    "generated_at": tf_meta.get("generated_at"), "licence": "MPL-2.0",
                    "notice": "NOTICE-terraform-provider-azurerm.txt",
                    "via": f"reference oracle folder {src.parent.name}/{src.name}"},
    }
    return by_ns, azurerm, provenance


# --- writing an index ---------------------------------------------------------------------


def _text(entry) -> str:
    """One entry as JSON text: a reader decodes only the entries it looks up."""
    return json.dumps(entry, separators=(",", ":"), ensure_ascii=False)


def _gz(data) -> bytes:
    raw = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return gzip.compress(raw, compresslevel=9, mtime=0)


def ns_file(namespace: str) -> str:
    return f"arm/{namespace.lower()}.json.gz"


def write_index(out: Path, arm_by_ns: dict[str, dict], azurerm: dict, provenance: dict) -> dict:
    """Write an index folder in one step (built beside ``out``, then swapped in); its provenance."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    built = time.gmtime(int(os.environ.get("SOURCE_DATE_EPOCH") or time.time()))
    prov = {"format": FORMAT, "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", built), "builder": BUILDER,
            **provenance}
    prov["arm"] = {**prov.get("arm", {}), "namespaces": sorted(arm_by_ns, key=str.lower),
                   "types": sum(len(v) for v in arm_by_ns.values()),
                   "files": {ns: ns_file(ns) for ns in sorted(arm_by_ns, key=str.lower)}}
    prov["azurerm"] = {**prov.get("azurerm", {}), "resources": len(azurerm.get("resources") or {}),
                       "data_sources": len(azurerm.get("data_sources") or []), "file": "azurerm.json.gz"}
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        tmp.chmod(0o755)
        (tmp / "arm").mkdir()
        for ns, types in arm_by_ns.items():
            (tmp / ns_file(ns)).write_bytes(_gz({k: _text(v) for k, v in sorted(types.items())}))
        resources = {k: _text(v) for k, v in (azurerm.get("resources") or {}).items()}
        (tmp / "azurerm.json.gz").write_bytes(_gz({**azurerm, "resources": resources}))
        for name, text in NOTICES.items():
            (tmp / name).write_text(text, encoding="utf-8")
        prov["built_at"] = _unchanged_since(out, tmp, prov) or prov["built_at"]
        (tmp / MARKER).write_text(json.dumps(prov, indent=1) + "\n", encoding="utf-8")
        old = None
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            out.rename(old)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return {**prov, "path": str(out)}


def _unchanged_since(old: Path, new: Path, prov: dict) -> str | None:
    """The old build date when a rebuild changes nothing, so rebuilding leaves no diff."""
    try:
        before = json.loads((old / MARKER).read_text(encoding="utf-8"))
        if {k: v for k, v in before.items() if k != "built_at"} != {k: v for k, v in prov.items() if k != "built_at"}:
            return None
        files = sorted(p.relative_to(new).as_posix() for p in new.rglob("*") if p.is_file())
        if files != sorted(p.relative_to(old).as_posix() for p in old.rglob("*") if p.is_file() and p.name != MARKER):
            return None
        return before.get("built_at") if all((old / f).read_bytes() == (new / f).read_bytes() for f in files) else None
    except (OSError, ValueError):
        return None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m generator.oracles.build", description=__doc__.split("\n\n")[0])
    p.add_argument("--source", type=Path, default=REPO.parent / "shared" / "oracles",
                   help="reference oracle folder (default: ../shared/oracles beside the checkout)")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="index folder to write (default: generator/_oracles)")
    args = p.parse_args(argv)
    if not (args.source / "azure-resource-types.json").is_file():
        print(f"error: {args.source}: no azure-resource-types.json there\n  hint: pass --source <the shared/oracles folder>",
              file=sys.stderr)
        return 2
    arm, azurerm, prov = from_shared(args.source)
    prov = write_index(args.out, arm, azurerm, prov)
    size = sum(f.stat().st_size for f in args.out.rglob("*") if f.is_file())
    print(f"{args.out}: {prov['arm']['types']} ARM types in {len(prov['arm']['files'])} namespaces, "
          f"{prov['azurerm']['resources']} azurerm resources; {size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
