"""Build dist/kyogitai.pyz: kyogitai and its pure-Python run-time dependencies in one file.

    uv run python scripts/build_pyz.py [--output dist/kyogitai.pyz]

The file runs with any Python 3.11 or newer and nothing else installed — for town-office PCs on
a closed network with no PyPI and no admin rights: ``py kyogitai.pyz`` on Windows,
``python3 kyogitai.pyz`` elsewhere, with the same arguments as ``kyogitai``.

What goes in:
- the run-time dependencies of the ``kyogitai`` package in uv.lock (``uv run`` has installed
  exactly those versions: this script copies them from the environment it runs in, so it needs
  no network), with the extras the lock asks for (markdown-it-py[linkify]) and whatever their
  markers (colorama for Windows would be taken too): the file is the same for every OS;
- every one must be a pure-Python wheel (``Root-Is-Purelib: true``, tag ``py3-none-any``) with no
  compiled files: the build fails otherwise, naming it. Optional accelerators a package merely
  tries to import (textual's tree-sitter) are not in the lock and stay out;
- ``facilitator/`` and ``screens/`` from this checkout, data files included (templates, .tcss).
- their licences and metadata (``*.dist-info`` without RECORD): ``importlib.metadata`` works.

How it runs: a zipapp cannot hand Textual its stylesheets as files, and Python cannot cache
compiled bytecode inside a zip (every start would compile Textual again, seconds on a slow PC).
So the small ``__main__.py`` unpacks the payload once into a per-user cache folder named after
its content hash — ``%LOCALAPPDATA%\\kyogitai\\pyz\\<id>`` on Windows, ``~/Library/Caches/kyogitai/pyz``
on macOS, ``$XDG_CACHE_HOME`` or ``~/.cache/kyogitai/pyz`` elsewhere, ``KYOGITAI_PYZ_CACHE`` to
choose — and runs from there. A newer kyogitai.pyz unpacks beside it; an interrupted unpack is
never used (it is renamed into place only when complete). When no cache folder can be written,
a private temporary folder is used for that run and removed at exit.

The archive is reproducible: entries sorted, fixed timestamps (SOURCE_DATE_EPOCH if set).
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.metadata as metadata
import os
import re
import stat
import sys
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "kyogitai"
PACKAGES = ("facilitator", "screens")
PAYLOAD = "site/"
COMPILED = (".so", ".pyd", ".dylib", ".dll", ".exe")
SKIP_META = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json", "uv_cache.json"}
MIN_PYTHON = (3, 11)


class BuildError(Exception):
    pass


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# ---------------------------------------------------------------------------------------
# What to take


def runtime_closure(lock_path: Path) -> dict[str, str]:
    """{normalised name: version} of the project's run-time dependencies in uv.lock, with the
    extras they ask for, for every platform."""
    lock = tomllib.loads(lock_path.read_text(encoding="utf-8"))
    packages = {_norm(p["name"]): p for p in lock.get("package", [])}
    root = packages.get(PROJECT)
    if root is None:
        raise BuildError(f"{lock_path.name} に {PROJECT} がありません（uv lock を実行してください）")
    wanted: dict[str, str] = {}
    todo = [(d["name"], tuple(d.get("extra", ()))) for d in root.get("dependencies", [])]
    seen: set[tuple[str, tuple[str, ...]]] = set()
    while todo:
        name, extras = todo.pop()
        key = _norm(name)
        if (key, extras) in seen:
            continue
        seen.add((key, extras))
        package = packages.get(key)
        if package is None:
            raise BuildError(f"{lock_path.name} に {name} がありません")
        wanted[key] = package["version"]
        todo += [(d["name"], tuple(d.get("extra", ()))) for d in package.get("dependencies", [])]
        for extra in extras:
            for d in package.get("optional-dependencies", {}).get(extra, []):
                todo.append((d["name"], tuple(d.get("extra", ()))))
    return wanted


def _check_pure(dist: metadata.Distribution, name: str) -> None:
    wheel = dist.read_text("WHEEL") or ""
    purelib = re.search(r"^Root-Is-Purelib:\s*true\s*$", wheel, re.M | re.I)
    tags = re.findall(r"^Tag:\s*(\S+)\s*$", wheel, re.M)
    if not purelib or not tags or any(not t.endswith("-none-any") for t in tags):
        raise BuildError(f"{name} は純粋な Python のパッケージではありません（{', '.join(tags) or 'WHEEL なし'}）")


def dependency_files(wanted: dict[str, str]) -> list[tuple[str, Path]]:
    """(path in the archive, file on disk) for every installed file of those distributions."""
    out: list[tuple[str, Path]] = []
    for key, version in sorted(wanted.items()):
        try:
            dist = metadata.distribution(key)
        except metadata.PackageNotFoundError:
            raise BuildError(f"{key} {version} が入っていません（uv sync を実行してから、uv run で動かしてください）") from None
        if dist.version != version:
            raise BuildError(f"{key} は {dist.version} が入っていますが、uv.lock は {version} です（uv sync を実行してください）")
        _check_pure(dist, key)
        for f in dist.files or []:
            posix = f.as_posix()
            parts = posix.split("/")
            if ".." in parts or "__pycache__" in parts or posix.endswith((".pyc", ".pyo")):
                continue  # console scripts outside site-packages; bytecode
            if parts[0].endswith(".dist-info") and parts[-1] in SKIP_META:
                continue
            if posix.lower().endswith(COMPILED):
                raise BuildError(f"{key} にコンパイル済みのファイルがあります: {posix}")
            path = Path(dist.locate_file(f))
            if not path.is_file():
                raise BuildError(f"{key} のファイルがありません: {path}（uv sync --reinstall-package {key}）")
            out.append((posix, path))
    return out


def project_files() -> list[tuple[str, Path]]:
    out = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*")):
            rel = path.relative_to(ROOT).as_posix()
            if not path.is_file() or "__pycache__" in rel.split("/") or path.suffix in (".pyc", ".pyo"):
                continue
            if path.suffix.lower() in COMPILED:
                raise BuildError(f"コンパイル済みのファイルがあります: {rel}")
            out.append((rel, path))
    return out


# ---------------------------------------------------------------------------------------
# The launcher (keep it runnable by old Pythons, to say that they are too old)

LAUNCHER = r'''# -*- coding: utf-8 -*-
"""kyogitai in one file (built by scripts/build_pyz.py). Run: py kyogitai.pyz [arguments]"""
import os
import sys

PAYLOAD_ID = "@PAYLOAD_ID@"
PREFIX = "@PREFIX@"
MIN_PYTHON = @MIN_PYTHON@


def _too_old():
    sys.stderr.write(
        "kyogitai: Python %d.%d 以上が必要です（この Python は %d.%d）"
        " / kyogitai needs Python %d.%d or newer\n" % (MIN_PYTHON + sys.version_info[:2] + MIN_PYTHON)
    )
    sys.exit(1)


def _cache_root():
    chosen = os.environ.get("KYOGITAI_PYZ_CACHE")
    if chosen:
        return chosen
    home = os.path.expanduser("~")
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.join(home, "AppData", "Local")
        return os.path.join(base, "kyogitai", "pyz")
    if sys.platform == "darwin":
        return os.path.join(home, "Library", "Caches", "kyogitai", "pyz")
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(home, ".cache")
    return os.path.join(base, "kyogitai", "pyz")


def _unpack(archive, folder):
    import shutil
    import zipfile

    root = os.path.realpath(folder)
    with zipfile.ZipFile(archive) as z:
        for info in z.infolist():
            if not info.filename.startswith(PREFIX) or info.filename.endswith("/"):
                continue
            target = os.path.realpath(os.path.join(root, info.filename[len(PREFIX):]))
            if not target.startswith(root + os.sep):
                raise OSError("unexpected path in the archive: %r" % info.filename)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with z.open(info) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
    with open(os.path.join(folder, ".complete"), "w") as marker:
        marker.write(PAYLOAD_ID + "\n")


def _ready(folder):
    return os.path.isfile(os.path.join(folder, ".complete"))


def _rename(source, target):
    """Windows: a virus scanner may hold a fresh file for a moment; try again briefly."""
    import time

    for wait in (0.05, 0.1, 0.2, 0.4, 0.8, None):
        try:
            os.rename(source, target)
            return
        except PermissionError:
            if wait is None or _ready(target):
                raise
            time.sleep(wait)


def _install(archive):
    """The folder holding the unpacked payload: the cache, unpacked there once."""
    import shutil
    import tempfile

    cache = os.path.join(_cache_root(), PAYLOAD_ID)
    if _ready(cache):
        return cache
    try:
        parent = os.path.dirname(cache)
        os.makedirs(parent, exist_ok=True)
        staging = tempfile.mkdtemp(prefix=".unpack-", dir=parent)
        try:
            _unpack(archive, staging)
            _rename(staging, cache)  # complete or not there at all
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
            if not _ready(cache):  # not another process that finished first
                raise
        return cache
    except OSError:
        import atexit

        private = tempfile.mkdtemp(prefix="kyogitai-")
        atexit.register(shutil.rmtree, private, True)
        _unpack(archive, private)
        return private


def main():
    if sys.version_info < MIN_PYTHON:
        _too_old()
    archive = os.path.dirname(os.path.abspath(__file__))
    folder = _install(archive)
    sys.path[:] = [folder] + [p for p in sys.path if os.path.abspath(p or ".") != archive]
    from facilitator.cli import main as run

    sys.exit(run())


if __name__ == "__main__":
    main()
'''


def launcher(payload_id: str) -> str:
    return (LAUNCHER.replace("@PAYLOAD_ID@", payload_id).replace("@PREFIX@", PAYLOAD)
            .replace("@MIN_PYTHON@", repr(MIN_PYTHON)))


# ---------------------------------------------------------------------------------------
# Writing


def _stamp() -> tuple[int, int, int, int, int, int]:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))  # 1980-01-01, zip's first day
    return time.gmtime(max(epoch, 315532800))[:6]


def build(output: Path) -> dict[str, object]:
    started = time.perf_counter()
    wanted = runtime_closure(ROOT / "uv.lock")
    entries = dependency_files(wanted) + project_files()
    seen: set[str] = set()
    duplicates = {name for name, _ in entries if name in seen or seen.add(name)}  # type: ignore[func-returns-value]
    if duplicates:
        raise BuildError(f"同じ名前のファイルが複数あります: {', '.join(sorted(duplicates))}")
    entries.sort()
    digest = hashlib.sha256()
    contents = []
    for name, path in entries:
        data = path.read_bytes()
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(data).digest())
        contents.append((name, data))
    from facilitator import __version__

    payload_id = f"{__version__}-{digest.hexdigest()[:16]}"
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    stamp = _stamp()
    with open(partial, "wb") as fd:
        fd.write(b"#!/usr/bin/env python3\n")
        with zipfile.ZipFile(fd, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
            def add(name: str, data: bytes) -> None:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (stat.S_IFREG | 0o644) << 16
                z.writestr(info, data)

            add("__main__.py", launcher(payload_id).encode("utf-8"))
            for name, data in contents:
                add(PAYLOAD + name, data)
    partial.chmod(0o755)
    os.replace(partial, output)
    return {
        "output": output,
        "payload_id": payload_id,
        "packages": wanted,
        "files": len(contents),
        "bytes": output.stat().st_size,
        "seconds": time.perf_counter() - started,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build kyogitai.pyz (one file, pure Python, offline).")
    parser.add_argument("--output", "-o", type=Path, default=ROOT / "dist" / "kyogitai.pyz")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    try:
        result = build(args.output)
    except BuildError as e:
        print(f"build_pyz: {e}", file=sys.stderr)
        return 1
    packages = ", ".join(f"{k} {v}" for k, v in sorted(result["packages"].items()))  # type: ignore[union-attr]
    print(f"{result['output']}: {result['bytes'] / 1e6:.1f} MB, {result['files']} files, "
          f"{result['seconds']:.1f} s; id {result['payload_id']}")
    print(f"  with {packages}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
