"""What a kit overlay may not ship, and what it may ship only with --trust.

Two classes, both checked on the overlay's source paths *and* on the paths (and text) they
render to, so a templated name such as ``{{ '.vs' ~ 'code' }}/tasks.json`` is caught too:

* never (``forbidden``): anything git itself would read as repository metadata - a
  ``.git`` file or folder at any depth, in any letter case or spelling a case-insensitive
  or Windows/macOS file system folds to ``.git`` (``.GIT``, ``.git.``, ``git~1``,
  ``.g\\u200cit``), ``.gitmodules``, and a folder shaped like a bare repository. A nested
  repository's config can name programs (core.fsmonitor, core.hooksPath, filters) that
  the next `git status` runs, and archkit runs git in the repository it writes.
* only with --trust (``needs_trust``): files that run code on this machine without the
  user asking for it, or that are code: git hooks and hook managers, pre-commit, editor
  and dev-container tasks, direnv and dotenv files, build and package files whose usual
  commands run repository code, scripts and binaries by extension (any letter case), and
  files with an executable bit. The list is docs/security.md's; CI workflows are not on
  it: they run remotely, after review, on a push the user makes.
"""

from __future__ import annotations

import re
import unicodedata

# Code points macOS (HFS+) ignores in names, as git's own is_hfs_dotgit check lists them.
_HFS_IGNORED = dict.fromkeys([0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                              0x206A, 0x206B, 0x206C, 0x206D, 0x206E, 0x206F, 0xFEFF])

GIT_NAMES = {".git": "git's own folder (a nested repository: its config and hooks would run)",
             "git~1": "the Windows short name of .git",
             ".gitmodules": "submodule definitions (a kit cannot ship submodules)"}

# folder (first part of a path, normalised) -> why its files need --trust
TRUST_FOLDERS = {
    ".githooks": "git hooks", ".husky": "git hooks (husky)",
    ".vscode": "VS Code settings and tasks (tasks run on folder open, settings name programs)",
    ".idea": "JetBrains IDE settings (run configurations, startup tasks)",
    ".devcontainer": "dev container lifecycle commands",
    ".fleet": "Fleet IDE run configurations", ".zed": "Zed editor tasks and settings",
    ".theia": "Theia/Gitpod IDE settings",
}
# file name (normalised) -> why it needs --trust
TRUST_FILES = {
    ".pre-commit-config.yaml": "pre-commit hooks (run on every commit once installed)",
    ".pre-commit-config.yml": "pre-commit hooks (run on every commit once installed)",
    ".pre-commit-hooks.yaml": "pre-commit hook definitions",
    "lefthook.yml": "git hooks (lefthook)", ".lefthook.yml": "git hooks (lefthook)",
    "lefthook.yaml": "git hooks (lefthook)", ".lefthook.yaml": "git hooks (lefthook)",
    ".devcontainer.json": "dev container lifecycle commands",
    ".gitpod.yml": "Gitpod start-up tasks",
    ".envrc": "direnv (runs when you cd into the folder)",
    ".env": "environment for tools that load it (PYTHONSTARTUP, NODE_OPTIONS, LD_PRELOAD...)",
    "makefile": "make targets (code)", "gnumakefile": "make targets (code)", "justfile": "just recipes (code)",
    "package.json": "npm lifecycle scripts (run by npm install)",
    ".npmrc": "npm configuration (can name programs)", ".yarnrc": "yarn configuration (can name programs)",
    ".yarnrc.yml": "yarn configuration (yarnPath runs a file)",
    "setup.py": "a Python file",
}
TRUST_SUFFIXES = {
    ".py": "a Python file", ".pyw": "a Python file", ".pyc": "compiled Python", ".pth": "Python start-up code",
    ".sh": "a shell script", ".bash": "a shell script", ".zsh": "a shell script", ".ksh": "a shell script",
    ".fish": "a shell script", ".ps1": "a PowerShell script", ".psm1": "a PowerShell module",
    ".psd1": "a PowerShell module", ".bat": "a Windows batch file", ".cmd": "a Windows batch file",
    ".vbs": "a Windows script", ".js": "a JavaScript file", ".mjs": "a JavaScript file", ".cjs": "a JavaScript file",
    ".pl": "a Perl script", ".rb": "a Ruby script", ".php": "a PHP script", ".lua": "a Lua script",
    ".mk": "make targets (code)", ".code-workspace": "VS Code workspace settings and tasks",
    ".exe": "a program", ".dll": "a program library", ".so": "a program library", ".dylib": "a program library",
    ".jar": "a Java program", ".com": "a program", ".msi": "an installer",
}
# git attributes that hand a file to a program configured on the user's machine
_DRIVER_ATTR = re.compile(r"(?:^|\s)(filter|diff|merge)=\S", re.M)


def normalise(part: str) -> str:
    """A path part as case-insensitive, Windows and macOS file systems compare it."""
    part = unicodedata.normalize("NFC", part.translate(_HFS_IGNORED)).casefold()
    return part.rstrip(" .") or part


def forbidden(rel: str) -> str | None:
    """Why no kit may write ``rel`` (even with --trust), or None."""
    for part in rel.split("/"):
        n = normalise(part)
        if n in GIT_NAMES:
            return f"{part!r} is {GIT_NAMES[n]}; a kit can never write it, not even with --trust"
    return None


def looks_like_git_dir(names: set[str]) -> bool:
    """A folder holding HEAD, config and objects/ or refs/: git would use it as a repository."""
    low = {normalise(n) for n in names}
    return {"head", "config"} <= low and bool({"objects", "refs"} & low)


def needs_trust(rel: str, data: bytes | None = None, executable: bool = False) -> str | None:
    """Why writing ``rel`` (with content ``data``) needs --trust, or None."""
    parts = [normalise(p) for p in rel.split("/")]
    name = parts[-1]
    for part in parts[:-1]:
        if part in TRUST_FOLDERS:
            return TRUST_FOLDERS[part]
    if name in TRUST_FILES:
        return TRUST_FILES[name]
    if name.startswith(".env.") or name.endswith(".code-workspace"):
        return TRUST_FILES[".env"] if name.startswith(".env.") else TRUST_SUFFIXES[".code-workspace"]
    for suffix, why in TRUST_SUFFIXES.items():
        if name.endswith(suffix):
            return why
    if name == ".gitattributes" and data is not None and _DRIVER_ATTR.search(data.decode("utf-8", "replace")):
        return "git attributes that hand files to filter, diff or merge programs"
    if executable:
        return "a file with the executable bit"
    return None
