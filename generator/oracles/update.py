"""`archkit oracles update`: rebuild the oracle index from the public sources into the user cache.

ARM types: the bicep-types-az repository archive at a ref (one download, read as a stream;
only ``generated/**/<namespace>/<api-version>/types.json`` of the namespaces asked for is
read, in memory). azurerm: ``terraform providers schema -json`` from the user's Terraform with
the azurerm version asked for, or a file holding that output. A part not rebuilt is carried
over from the index in use, with its provenance.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from ..errors import InputError
from . import SHIPPED, Oracles, locate, problem, read_json, user_dir
from .build import write_index
from .upstream import arm_from_types_files, azurerm_from_schema

BICEP_TYPES_REPO = "https://github.com/Azure/bicep-types-az"
DEFAULT_URL = "https://codeload.github.com/Azure/bicep-types-az/tar.gz"
URL_ENV = "ARCHKIT_BICEP_TYPES_URL"
MAX_ARCHIVE = 1024 * 1024 * 1024  # the whole repository archive, compressed
MAX_TYPES_FILE = 64 * 1024 * 1024
MAX_SCHEMA = 512 * 1024 * 1024  # azurerm's schema JSON is ~40 MB
_VERSION = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$")
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def _opener(url: str):
    parts = urllib.parse.urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme == "https" or (parts.scheme == "http" and host in _LOOPBACK):
        # a proxy would never reach a server on this machine
        handlers = [urllib.request.ProxyHandler({})] if host in _LOOPBACK else []
        return urllib.request.build_opener(*handlers)
    raise InputError(f"{url}: only https:// URLs (or http:// to this machine) are fetched",
                     f"pass --bicep-types-url https://... or unset {URL_ENV}")


def download(url: str, dest, timeout: float = 60) -> None:
    """``url`` into the open binary file ``dest``, at most MAX_ARCHIVE bytes."""
    try:
        with _opener(url).open(url, timeout=timeout) as resp:
            total = 0
            while chunk := resp.read(1024 * 1024):
                total += len(chunk)
                if total > MAX_ARCHIVE:
                    raise InputError(f"{url}: larger than {MAX_ARCHIVE // 2**20} MB", "is this the bicep-types-az archive?")
                dest.write(chunk)
    except OSError as exc:  # URLError, HTTPError, timeouts
        raise InputError(f"{url}: download failed ({exc})", "check the URL, the ref and your connection") from None


def read_types_archive(fh, namespaces: list[str], into: Path) -> tuple[list[Path], str | None]:
    """The wanted namespaces' types.json files, each copied (gzip) into ``into`` under a
    number of ours, never the archive's name; and the commit GitHub records in the archive."""
    import gzip

    wanted = {ns.lower() for ns in namespaces}
    files = []
    try:
        with tarfile.open(fileobj=fh, mode="r|gz") as tar:
            for member in tar:
                parts = member.name.split("/")
                if (not member.isfile() or parts[-1] != "types.json" or "generated" not in parts
                        or len(parts) < 4 or parts[-3].lower() not in wanted):
                    continue
                if member.size > MAX_TYPES_FILE:
                    raise InputError(f"{member.name}: larger than {MAX_TYPES_FILE // 2**20} MB", "is this the bicep-types-az archive?")
                data = tar.extractfile(member).read(MAX_TYPES_FILE + 1)
                try:
                    json.loads(data)
                except ValueError as exc:
                    raise InputError(f"{member.name}: not JSON ({exc})", "is this the bicep-types-az archive?") from None
                path = into / f"{len(files)}.json.gz"
                path.write_bytes(gzip.compress(data, compresslevel=1))
                files.append(path)
            commit = (tar.pax_headers or {}).get("comment")
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise InputError(f"the bicep-types-az archive is not a readable .tar.gz ({exc})",
                         "check --bicep-types-url and --bicep-types-ref") from None
    return files, commit if commit and re.fullmatch(r"[0-9a-f]{40}", commit) else None


def fetch_arm(ref: str, namespaces: list[str], base_url: str | None = None) -> tuple[dict, dict]:
    base = base_url or os.environ.get(URL_ENV) or DEFAULT_URL
    url = f"{base.rstrip('/')}/{urllib.parse.quote(ref, safe='')}"
    with tempfile.TemporaryDirectory(prefix="archkit-types-") as tmp, tempfile.TemporaryFile() as fh:
        download(url, fh)
        fh.seek(0)
        files, commit = read_types_archive(fh, namespaces, Path(tmp))
        if not files:
            raise InputError(f"{url}: no generated/**/types.json for {', '.join(namespaces)}",
                             "check --bicep-types-ref and --namespace")
        by_ns = arm_from_types_files(files, lambda p: read_json(p, MAX_TYPES_FILE), namespaces)
    # a namespace without types at this ref stays out: its resources are then "not checked",
    # not all "unknown"
    missing = sorted(ns for ns, types in by_ns.items() if not types)
    prov = {"source_repo": BICEP_TYPES_REPO, "ref": ref, "commit": commit, "url": url, "fetched_at": _now(),
            "type_files": len(files), "namespaces_missing": missing, "licence": "MIT",
            "notice": "NOTICE-bicep-types-az.txt", "via": "archkit oracles update"}
    return {ns: types for ns, types in by_ns.items() if types}, prov


def provider_schema_json(version: str, terraform: str | None = None, timeout: float = 900) -> dict:
    """Run the user's Terraform: init a scratch configuration pinning azurerm ``version``, print its schema."""
    exe = terraform or shutil.which("terraform")
    if not exe:
        raise InputError("terraform is not on PATH, so the azurerm schema cannot be read",
                         "install Terraform, or pass --schema-json FILE holding `terraform providers schema -json` output")
    with tempfile.TemporaryDirectory(prefix="archkit-azurerm-") as tmp:
        Path(tmp, "main.tf").write_text(
            'terraform {\n  required_providers {\n    azurerm = {\n      source  = "hashicorp/azurerm"\n'
            f'      version = "= {version}"\n    }}\n  }}\n}}\n', encoding="utf-8")
        env = {**os.environ, "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1"}
        for args in (["init", "-input=false", "-no-color", "-backend=false"], ["providers", "schema", "-json"]):
            try:
                proc = subprocess.run([exe, *args], cwd=tmp, env=env, capture_output=True, timeout=timeout)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise InputError(f"terraform {' '.join(args)} failed ({exc})", "check your Terraform installation") from None
            if proc.returncode != 0:
                tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
                raise InputError(f"terraform {' '.join(args)} exited {proc.returncode}: {' / '.join(tail)}",
                                 f"check that azurerm {version} exists and the registry is reachable")
        try:
            return json.loads(proc.stdout)
        except ValueError as exc:
            raise InputError(f"terraform providers schema -json printed no JSON ({exc})", "check your Terraform installation") from None


def read_schema_file(path: Path) -> dict:
    path = Path(path)
    try:
        if path.stat().st_size > MAX_SCHEMA:
            raise InputError(f"{path}: larger than {MAX_SCHEMA // 2**20} MB", "pass the output of `terraform providers schema -json`")
        return json.loads(path.read_bytes())
    except OSError as exc:
        raise InputError(f"{path}: cannot read it ({exc.strerror or exc})", "pass an existing file") from None
    except ValueError as exc:
        raise InputError(f"{path}: not JSON ({exc})", "pass the output of `terraform providers schema -json`") from None


def update(*, ref: str = "main", base_url: str | None = None, namespaces: list[str] | None = None,
           azurerm_version: str | None = None, schema_json: Path | None = None, terraform: str | None = None,
           only: str | None = None, out: Path | None = None) -> dict:
    """Rebuild the index (both parts, or ``only`` "arm" / "azurerm") into ``out`` (the user cache)."""
    if only not in (None, "arm", "azurerm"):
        raise InputError(f"--only {only}: unknown part", "use --only arm or --only azurerm")
    if only != "arm" and (not azurerm_version or not _VERSION.match(azurerm_version)):
        raise InputError(f"--azurerm-version {azurerm_version or '(missing)'}: a provider version such as 4.79.0 is needed",
                         "pass --azurerm-version X.Y.Z (the version the schema is of)")
    current = locate()
    base = Oracles(current.path) if current else None
    base_prov = base.provenance if base else {}
    if only != "azurerm":
        # by default the namespaces archkit ships, and any an earlier update added
        shipped = Oracles(SHIPPED).provenance if problem(SHIPPED) is None else {}
        wanted = namespaces or [*((shipped.get("arm") or {}).get("namespaces") or []),
                                *((base_prov.get("arm") or {}).get("namespaces") or [])]
        if not wanted:
            raise InputError("no namespaces to fetch", "pass --namespace Microsoft.X (repeatable)")
        arm, arm_prov = fetch_arm(ref, sorted({n.lower(): n for n in wanted}.values(), key=str.lower), base_url)
    else:
        if base is None:
            raise InputError("no oracle index to keep the ARM part from", "run `archkit oracles update` without --only")
        arm = {ns: base.arm_namespace(ns) for ns in (base_prov.get("arm") or {}).get("namespaces", [])}
        arm_prov = base_prov.get("arm") or {}
    if only != "arm":
        doc = read_schema_file(schema_json) if schema_json else provider_schema_json(azurerm_version, terraform)
        try:
            azurerm = azurerm_from_schema(doc, carry=base.azurerm_index() if base else None)
        except ValueError as exc:
            raise InputError(f"{schema_json or 'terraform providers schema -json'}: {exc}",
                             "pass the output of `terraform providers schema -json`") from None
        tf_prov = {"provider": "registry.terraform.io/hashicorp/azurerm", "provider_version": azurerm_version,
                   "source_repo": "https://github.com/hashicorp/terraform-provider-azurerm",
                   "schema_source": {"how": "terraform providers schema -json",
                                     "file": str(schema_json) if schema_json else None},
                   "docs_facts_from": (base_prov.get("azurerm") or {}).get("provider_version"),
                   "fetched_at": _now(), "licence": "MPL-2.0", "notice": "NOTICE-terraform-provider-azurerm.txt",
                   "via": "archkit oracles update"}
    else:
        if base is None:
            raise InputError("no oracle index to keep the azurerm part from", "run `archkit oracles update` without --only")
        azurerm, tf_prov = base.azurerm_index(), base_prov.get("azurerm") or {}
    keep = ("files", "namespaces", "types", "resources", "data_sources", "file")
    return write_index(out or user_dir(), arm, azurerm,
                       {"arm": {k: v for k, v in arm_prov.items() if k not in keep},
                        "azurerm": {k: v for k, v in tf_prov.items() if k not in keep}})

