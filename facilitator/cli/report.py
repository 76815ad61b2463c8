"""``kyogitai report``: the year's activity report (事業評価) of the store's bodies.

md / html / csv go to stdout without ``-o``; xlsx needs ``-o``. ``--fiscal-year 2026`` is
令和8年度 (April 2026–March 2027); without it, the current 年度.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.errors import CliError
from facilitator.cli.store_args import open_store
from facilitator.dates import fiscal_year
from facilitator.export_target import inside_store
from facilitator.i18n import t as tr
from facilitator.store import atomic_write

if TYPE_CHECKING:
    import argparse


def cmd_report(args: argparse.Namespace) -> int:
    from facilitator.report import TO_STDOUT, render, report_from_store

    if args.format not in TO_STDOUT and not args.output:
        raise CliError(tr("report.xlsx_needs_output"))
    store = open_store(args)
    today = date.today()
    fy = args.fiscal_year if args.fiscal_year is not None else fiscal_year(today)
    report = report_from_store(store, fy, today, body=args.body, anonymize=args.anonymize)
    if args.anonymize:
        print(f"kyogitai: {tr('cli.anonymize_note')}", file=sys.stderr)
    for name in report.unreadable:
        print(f"kyogitai: {tr('report.unreadable', files=name)}", file=sys.stderr)
    data = render(report, args.format)
    if args.output:
        target = Path(args.output).expanduser()
        if inside_store(target, store.root):
            raise CliError(tr("export.inside_store", target=target, store=store.root))
        if target.is_dir():
            raise CliError(tr("cli.output_is_folder", path=target))
        if not target.parent.exists():
            raise CliError(tr("cli.output_folder_missing", path=target.parent))
        atomic_write(target, data, mode=store.file_mode())  # names inside: owner-only unless shared
        print(tr("cli.exported", path=target), file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0
