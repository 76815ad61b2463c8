"""The commands on one session: ``new``, ``show`` and ``export``."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from facilitator.cli.errors import CliError
from facilitator.cli.store_args import load_session, open_store, previous_session
from facilitator.export_target import inside_store
from facilitator.i18n import t as tr
from facilitator.store import atomic_write

if TYPE_CHECKING:
    import argparse

# Each command imports what only it uses when it runs (a start-time choice): `show` does not pay
# for the templates `new` reads, nor `export` for rich's console.


def cmd_new(args: argparse.Namespace) -> int:
    from facilitator.carryover import new_session, past_session
    from facilitator.dates import parse_date
    from facilitator.next_session import plan_next
    from facilitator.templates import all_templates, get_template
    store = open_store(args)
    now = datetime.now().astimezone()
    past = store.sessions_of_body(args.body)
    plan = plan_next([past_session(s) for s in past], all_templates(store.root)[0], now.date())
    template = get_template(args.template or plan.template_id, store.root)
    on = parse_date(args.date) if args.date else plan.on
    session = new_session(
        body=args.body,
        template=template,
        now=now,
        title=args.title,
        on=on,
        place=args.place,
        layer=args.layer,
        previous=past[-1] if past else None,
        session_id=store.unused_id(on),
        number=plan.number if template.numbered else None,
    )
    store.save(session)
    print(session.id)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    from facilitator.summary import render_summary

    store = open_store(args)
    session = load_session(store, args.id)
    previous = previous_session(store, session)
    Console(highlight=False).print(render_summary(session, previous=previous))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from facilitator.export import export

    store = open_store(args)
    session = load_session(store, args.id)
    previous = previous_session(store, session)
    if args.anonymize:
        from facilitator.anonymize import anonymize

        # The names of the body's other sessions are masked in the free text too.
        session, previous = anonymize(session, previous, others=store.sessions_of_body(session.body.name))
        print(f"kyogitai: {tr('cli.anonymize_note')}", file=sys.stderr)
    data = export(session, args.format, previous=previous)
    if args.output:
        target = Path(args.output).expanduser()
        if inside_store(target, store.root):
            raise CliError(tr("export.inside_store", target=target, store=store.root))
        if target.is_dir():
            raise CliError(tr("cli.output_is_folder", path=target))
        if not target.parent.exists():
            raise CliError(tr("cli.output_folder_missing", path=target.parent))
        # names: owner-only unless the store is shared; what a killed export of it left goes
        atomic_write(target, data, mode=store.file_mode(), sweep=True)
        print(tr("cli.exported", path=target), file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0
