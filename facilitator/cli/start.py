"""Opening the app (``kyogitai``, ``kyogitai open ID``): the index read meanwhile, the UI imported last."""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

from facilitator.cli.store_args import load_session, open_store, store_location
from facilitator.store import Store

if TYPE_CHECKING:
    import argparse


def cmd_app(args: argparse.Namespace) -> int:
    return run_app(args, session_id=None)


def cmd_open(args: argparse.Namespace) -> int:
    store = open_store(args)
    load_session(store, args.id)  # a clear error here, before the UI starts
    return run_app(args, session_id=args.id)


def run_app(args: argparse.Namespace, session_id: str | None) -> int:
    location = store_location(args)
    prefetch = None
    if session_id is None:  # the home screen comes first: its index is read meanwhile
        from facilitator.prefetch import IndexPrefetch  # a start-time choice: `open ID` does without it

        prefetch = IndexPrefetch.start(Store(location.path))
    # The UI only now: the rest of the CLI never pays for it. Importing it makes ~25,000 objects
    # the garbage collector tracks, all living as long as the app: no collection while they are
    # made, then frozen, so that later collections skip them (a full one took 30 ms, in the
    # middle of the home screen's first frames).
    gc.disable()
    try:
        from screens.app import run
    except BaseException:  # Ctrl+C or a broken install: the child must not outlive us
        if prefetch is not None:
            prefetch.close()
        raise
    finally:
        gc.freeze()
        gc.enable()
    return run(location, session_id=session_id, prefetch=prefetch)  # it closes the prefetch
