"""The commands that list what a store holds: ``list``, ``homework`` and ``templates``."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING

from facilitator.cli.output import print_json, problem_line
from facilitator.cli.store_args import open_store, store_location
from facilitator.dates import format_date
from facilitator.i18n import t as tr  # ``tr``: some commands loop over a ``t``
from facilitator.store import Store
from facilitator.text import for_display

if TYPE_CHECKING:
    import argparse

# Each command imports what only it uses when it runs (a start-time choice): `list` reads the
# index and nothing of homework or templates.


def cmd_list(args: argparse.Namespace) -> int:
    from facilitator.index import Index, group_by_body

    location = store_location(args)
    index = Index(Store(location.path))
    index.refresh()
    rows = index.search(args.search or "", body=args.body)
    problems = index.problems()
    if args.json:
        keys = ("id", "body", "title", "date", "start_time", "place", "template", "layer", "counts", "file")
        out = [{**{k: r.get(k) for k in keys}, **({"copies": r["copies"]} if r.get("copies") else {})}
               for r in rows]
        print_json(out)
        return 0
    print(tr("cli.store_line", path=location.path, reason=location.reason))
    if not rows:
        print(tr("cli.no_match") if (args.search or args.body) else tr("cli.no_sessions"))
    # As on the home screen: bodies by their newest session, each body's sessions newest first.
    for body, body_rows in group_by_body(rows):
        print(f"\n■ {for_display(body)}")
        for r in body_rows:
            c = r.get("counts") or {}
            print(
                f"  {r['id']}  {format_date(r['date'])}  {for_display(r['title'])}  "
                + tr("cli.counts", ideas=c.get("ideas", 0), handed=c.get("handoffs", 0),
                     homework=c.get("open_homework", 0))
                + (tr("cli.has_copies", count=len(r["copies"])) if r.get("copies") else "")
            )
    for pr in problems:
        print(f"⚠ {problem_line(pr)}")
    return 0


def cmd_homework(args: argparse.Namespace) -> int:
    from facilitator.homework import track_homework
    from facilitator.index import Index

    store = open_store(args)
    index = Index(store)  # (refreshed first: not every file read, nor every session held)
    try:
        index.refresh()
        tracked = track_homework(index.homework_sessions(), body=args.body)
    finally:
        index.close()
    today = date.today()
    if args.json:
        out = [
            {
                "id": t.item.id,
                "text": t.item.text,
                "owner": t.item.owner,
                "due": t.item.due,
                "status": t.item.status,
                "session": t.session.id,
                "body": t.session.body.name,
                "carried": t.carried,
                "origin_session": t.origin_session,
                "history": list(t.history),
                "overdue": t.overdue(today),
            }
            for t in tracked
        ]
        print_json(out)
        return 0
    print(tr("cli.store_path", path=store.root))
    if not tracked:
        print(tr("cli.no_homework"))
    body = None
    for t in tracked:
        if t.session.body.name != body:
            body = t.session.body.name
            print(f"\n■ {for_display(body)}")
        due = t.item.due
        due_text = (format_date(due) if t.due_date() else due) if due else tr("cli.no_due")
        mark = tr("cli.overdue") if t.overdue(today) else ""
        carried = tr("cli.carried", count=t.carried) if t.carried else ""
        item = tr("cli.homework_item", text=for_display(t.item.text),
                  owner=for_display(t.item.owner or tr("cli.owner_unset")), due=for_display(due_text))
        print(f"  {mark}{item}{carried}  [{t.session.id}]")
    return 0


def cmd_templates(args: argparse.Namespace) -> int:
    from facilitator.templates import all_templates

    store_path = store_location(args).path
    templates, errors = all_templates(store_path)
    for t in templates:
        where = tr("cli.builtin") if t.source == "built-in" else str(t.source)
        steps = tr("cli.steps", count=len(t.steps))
        print(f"{for_display(t.id)}\t{for_display(t.title)}\t{steps}\t{for_display(where)}")
    for e in errors:
        print(f"kyogitai: {for_display(str(e))}", file=sys.stderr)
    return 0
