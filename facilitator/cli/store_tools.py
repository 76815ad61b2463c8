"""The commands around a store: ``check`` it, fill it with the ``demo``, ``serve`` it to a browser."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from facilitator.cli.errors import EXIT_ERROR, CliError
from facilitator.invocation import command_name, quote_arg
from facilitator.cli.output import problem_line
from facilitator.cli.store_args import open_store, store_location
from facilitator.i18n import t as tr
from facilitator.store import Store
from facilitator.text import for_display

if TYPE_CHECKING:
    import argparse

# Each command imports what only it uses when it runs (a start-time choice): `check` does not
# load the demo town, nor `demo` the web server.


def cmd_check(args: argparse.Namespace) -> int:
    from facilitator.session_load import check_references
    from facilitator.templates import all_templates

    store = open_store(args)
    print(tr("cli.store_path", path=store.root))
    if not store.root.is_dir():
        print(tr("cli.no_store_yet"))
        return 0
    bad = 0
    if args.merge_copies:
        bad += _merge_copies(store)
    scan = store.scan()
    for entry in scan.entries:
        if entry.status == "ok":
            continue
        line = problem_line({'status': entry.status, 'file': entry.path.name, 'error': entry.error,
                             'copy_of': entry.copy_of})
        if entry.copy_of is not None and entry.session is not None:
            print(f"△ {line}")  # a readable sync copy: the session is fine, the copy can be merged in
            continue
        if entry.status != "newer":
            bad += 1
        print(f"✗ {line}")
    for session, path in scan.sessions:
        for w in check_references(session):
            print(f"△ {for_display(path.name)}: {for_display(w)}")
    _, template_errors = all_templates(store.root)
    for e in template_errors:
        bad += 1
        print(f"✗ {for_display(str(e))}")
    ok = len(scan.sessions)
    print(tr("cli.check_result", ok=ok, bad=bad))
    return EXIT_ERROR if bad else 0


def _merge_copies(store: Store) -> int:
    """``check --merge-copies``: every readable sync copy merged into its session and moved to
    ``.kyogitai/merged-copies/`` (nothing deleted). Returns how many could not be."""
    from facilitator.store import StoreError

    failed = 0
    for entry in store.scan().entries:
        if entry.id is None or not entry.copies:
            continue
        for copy in entry.copies:
            try:
                done = store.merge_copy(entry.id, copy)
            except (StoreError, OSError, ValueError) as e:
                failed += 1
                print(f"✗ {for_display(copy.name)}: {for_display(str(e))}")
                continue
            print("✓ " + for_display(tr("cli.copy_merged", copy=done.copy, file=entry.path.name,
                                         moved=done.moved_to, conflicts=done.conflicts)))
    return failed


def cmd_demo(args: argparse.Namespace) -> int:
    from facilitator.demo import DemoRefused, write_demo

    location = store_location(args)
    store = Store(location.path)
    try:
        written = write_demo(store, force=args.force)
    except DemoRefused as e:
        existing = store.files()
        if not existing:  # pragma: no cover - an id that came up twice
            raise CliError(str(e)) from None
        raise CliError(tr("cli.demo_refused", count=len(existing), root=store.root)) from None
    print(tr("cli.store_line", path=location.path, reason=location.reason))
    print(tr("cli.demo_written", count=len(written)))
    store_arg = "" if location.reason == tr("store.from_cwd") else f" --store {quote_arg(str(location.path))}"
    print(tr("cli.demo_open", command=f"{command_name()}{store_arg}"))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from facilitator.ids import is_valid_session_id
    from facilitator.serve import serve
    from facilitator.serve_env import TOKEN_ENV

    if not 0 < args.port < 65536:
        raise CliError(tr("cli.bad_port", port=args.port))
    if args.session is not None and not is_valid_session_id(args.session):
        raise CliError(tr("store.bad_id_hint", id=args.session))
    location = store_location(args)
    try:
        serve(location.path, args.host, args.port, allow_remote=args.allow_remote, session=args.session,
              token=os.environ.get(TOKEN_ENV) or None)
    except ImportError as e:
        raise CliError(str(e)) from None
    except OSError as e:
        if e.errno is None:
            raise
        raise CliError(tr("cli.cannot_listen", host=args.host, port=args.port, error=e.strerror)) from None
    return 0
