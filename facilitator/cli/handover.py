"""``kyogitai handover --body NAME [--format md|html|docx] [-o FILE]``: the hand-over for the
next SC (facilitator/handover/). Markdown and HTML go to stdout without ``-o``; Word needs ``-o``."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.errors import CliError
from facilitator.cli.store_args import open_store
from facilitator.export_target import inside_store
from facilitator.i18n import t as tr
from facilitator.store import atomic_write

if TYPE_CHECKING:
    import argparse


def cmd_handover(args: argparse.Namespace) -> int:
    from facilitator.handover import TO_STDOUT, handover_from_store, render

    if args.format not in TO_STDOUT and not args.output:
        raise CliError(tr("cli.handover_needs_output", format=args.format))
    store = open_store(args)
    try:
        handover = handover_from_store(store, args.body, date.today())
    except ValueError as e:
        raise CliError(str(e)) from None
    data = render(handover, args.format)
    if not args.output:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return 0
    target = Path(args.output).expanduser()
    if inside_store(target, store.root):
        raise CliError(tr("export.inside_store", target=target, store=store.root))
    if target.is_dir():
        raise CliError(tr("cli.output_is_folder", path=target))
    if not target.parent.exists():
        raise CliError(tr("cli.output_folder_missing", path=target.parent))
    atomic_write(target, data, mode=store.file_mode(), sweep=True)  # personal data: owner-only
    print(tr("cli.exported", path=target), file=sys.stderr)
    return 0
