"""The command line (a contract: README.md and docs/architecture.md "The command line").

Anything a user can cause ends with one clear line on stderr and a non-zero exit, never a
traceback. Output is UTF-8 on every OS. The UI (screens/) is imported only to open the app.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:  # argparse comes with the parser: the app's start does without both
    import argparse

from facilitator import __version__
from facilitator.i18n import t as tr  # ``tr``: some commands loop over a ``t``

EXIT_ERROR = 1
EXIT_USAGE = 2


class CliError(Exception):
    """A problem the user caused or can fix: printed as one line, exit non-zero."""


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):  # pragma: no cover - detached or odd streams
                pass


def build_parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # one line, no usage dump
            self.exit(EXIT_USAGE, f"kyogitai: {tr('cli.usage_error', message=message)}\n")

    p = _Parser(prog="kyogitai", description=tr("cli.description"))
    p.add_argument("--store", metavar="DIR", help=tr("cli.help_store"))
    p.add_argument("--version", action="version", version=f"kyogitai {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def store_option(sp: argparse.ArgumentParser) -> None:
        # Accepted after the subcommand too, without overwriting the global value.
        sp.add_argument("--store", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    sp = sub.add_parser("new", help=tr("cli.help_new"))
    sp.add_argument("--body", required=True, help=tr("cli.help_body"))
    sp.add_argument("--title", help=tr("cli.help_title"))
    sp.add_argument("--date", help=tr("cli.help_date"))
    sp.add_argument("--place", help=tr("cli.help_place"))
    sp.add_argument("--template", help=tr("cli.help_template"))
    sp.add_argument("--layer", help=tr("cli.help_layer"))
    store_option(sp)

    sp = sub.add_parser("open", help=tr("cli.help_open"))
    sp.add_argument("id")
    store_option(sp)

    sp = sub.add_parser("list", help=tr("cli.help_list"))
    sp.add_argument("--body", help=tr("cli.help_filter_body"))
    sp.add_argument("--search", metavar="WORDS", help=tr("cli.help_search"))
    sp.add_argument("--json", action="store_true", help=tr("cli.help_json"))
    store_option(sp)

    sp = sub.add_parser("show", help=tr("cli.help_show"))
    sp.add_argument("id")
    store_option(sp)

    sp = sub.add_parser("export", help=tr("cli.help_export"))
    sp.add_argument("id")
    sp.add_argument("--format", required=True, choices=_export_formats(), help=tr("cli.help_format"))
    sp.add_argument("-o", "--output", metavar="FILE", help=tr("cli.help_output"))
    sp.add_argument("--anonymize", "--anonymise", action="store_true",
                    help=tr("cli.help_anonymize"))
    store_option(sp)

    sp = sub.add_parser("homework", help=tr("cli.help_homework"))
    sp.add_argument("--body", help=tr("cli.help_filter_body"))
    sp.add_argument("--json", action="store_true", help=tr("cli.help_json"))
    store_option(sp)

    sp = sub.add_parser("templates", help=tr("cli.help_templates"))
    store_option(sp)

    sp = sub.add_parser("check", help=tr("cli.help_check"))
    store_option(sp)

    sp = sub.add_parser("demo", help=tr("cli.help_demo"))
    sp.add_argument("--force", action="store_true", help=tr("cli.help_force"))
    store_option(sp)

    sp = sub.add_parser("serve", help=tr("cli.help_serve"))
    sp.add_argument("--host", default="127.0.0.1", help=tr("cli.help_host"))
    sp.add_argument("--port", type=int, default=8000, help=tr("cli.help_port"))
    sp.add_argument("--allow-remote", action="store_true",
                    help=tr("cli.help_allow_remote"))
    store_option(sp)
    return p


def _export_formats() -> tuple[str, ...]:
    from facilitator.export import FORMATS

    return tuple(FORMATS)


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    args = _app_start(sys.argv[1:] if argv is None else argv) or build_parser().parse_args(argv)
    try:
        handler = _COMMANDS.get(args.command or "", _cmd_app)
        return handler(args)
    except CliError as e:
        return _fail(str(e))
    except BrokenPipeError:
        # The reader went away (kyogitai list | head): not an error worth a message.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return 0
    except (ValueError, OSError) as e:  # our rule/format/date errors are ValueErrors
        return _fail(str(e) or e.__class__.__name__)
    except KeyboardInterrupt:
        return 130


def _app_start(argv: Sequence[str]) -> SimpleNamespace | None:
    """``kyogitai`` and ``kyogitai --store DIR`` (the app's start) as the parser reads them, without
    importing argparse and building the parser with its subcommands and help (~20 ms of every
    start). None for anything else."""
    if not argv:
        store = None
    elif len(argv) == 2 and argv[0] == "--store" and not argv[1].startswith("-"):
        store = argv[1]
    elif len(argv) == 1 and argv[0].startswith("--store="):
        store = argv[0].removeprefix("--store=")
    else:
        return None
    return SimpleNamespace(store=store, command=None)


def _fail(message: str) -> int:
    from facilitator.text import for_display

    print(f"kyogitai: {for_display(message)}", file=sys.stderr)
    return EXIT_ERROR


# ---------------------------------------------------------------------------------------


def _location(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from facilitator import i18n
    from facilitator.store import resolve_store

    location = resolve_store(getattr(args, "store", None))
    if i18n.use_store(location.path):  # the store's language setting (settings.toml): its reason in it
        location = resolve_store(getattr(args, "store", None))
    return location


def _store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from facilitator.store import Store

    return Store(_location(args).path)


def _load(store, session_id: str):  # type: ignore[no-untyped-def]
    from facilitator.ids import is_valid_session_id

    if not is_valid_session_id(session_id):
        raise CliError(tr("store.bad_id", id=repr(session_id)))
    return store.load(session_id)


def _cmd_app(args: argparse.Namespace) -> int:
    return _run_app(args, session_id=None)


def _cmd_open(args: argparse.Namespace) -> int:
    store = _store(args)
    _load(store, args.id)  # a clear error here, before the UI starts
    return _run_app(args, session_id=args.id)


def _run_app(args: argparse.Namespace, session_id: str | None) -> int:
    import gc

    location = _location(args)
    prefetch = None
    if session_id is None:  # the home screen comes first: its index is read meanwhile
        from facilitator.prefetch import IndexPrefetch
        from facilitator.store import Store

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


def _cmd_new(args: argparse.Namespace) -> int:
    from facilitator.carryover import new_session, past_session
    from facilitator.dates import parse_date
    from facilitator.next_session import plan_next
    from facilitator.templates import all_templates, get_template
    store = _store(args)
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


def _cmd_list(args: argparse.Namespace) -> int:
    from facilitator.dates import format_date
    from facilitator.index import Index, group_by_body
    from facilitator.text import for_display

    location = _location(args)
    from facilitator.store import Store

    index = Index(Store(location.path))
    index.refresh()
    rows = index.search(args.search or "", body=args.body)
    problems = index.problems()
    if args.json:
        keys = ("id", "body", "title", "date", "start_time", "place", "template", "layer", "counts", "file")
        out = [{k: r.get(k) for k in keys} for r in rows]
        _print_json(out)
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
            )
    for pr in problems:
        print(f"⚠ {_problem_line(pr)}")
    return 0


def _print_json(value: Any) -> None:
    """JSON on stdout; control, bidi and lone surrogate characters as \\u escapes."""
    from facilitator.text import json_safe

    sys.stdout.write(json_safe(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")


def _problem_line(row: dict[str, Any]) -> str:
    from facilitator.store import PROBLEM_LABELS
    from facilitator.text import for_display

    status = row.get("status", "")
    msg = f"{PROBLEM_LABELS[status] if status in PROBLEM_LABELS else status}: {row.get('file')}"
    if row.get("error"):
        msg += f" — {row['error']}"
    return for_display(msg)


def _cmd_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    from facilitator.summary import render_summary

    store = _store(args)
    session = _load(store, args.id)
    previous = _previous(store, session)
    Console(highlight=False).print(render_summary(session, previous=previous))
    return 0


def _previous(store, session):  # type: ignore[no-untyped-def]
    if not session.previous_session:
        return None
    try:
        return store.load(session.previous_session)
    except (ValueError, OSError):
        return None  # the minutes say what they can without it


def _cmd_export(args: argparse.Namespace) -> int:
    from facilitator.export import export

    store = _store(args)
    session = _load(store, args.id)
    previous = _previous(store, session)
    if args.anonymize:
        from facilitator.privacy import anonymize

        session, previous = anonymize(session, previous)
        print(f"kyogitai: {tr('cli.anonymize_note')}", file=sys.stderr)
    data = export(session, args.format, previous=previous)
    if args.output:
        from facilitator.store import atomic_write

        target = Path(args.output).expanduser()
        if target.is_dir():
            raise CliError(tr("cli.output_is_folder", path=target))
        if not target.parent.exists():
            raise CliError(tr("cli.output_folder_missing", path=target.parent))
        atomic_write(target, data, mode=store.file_mode())  # names: owner-only unless the store is shared
        print(tr("cli.exported", path=target), file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def _cmd_homework(args: argparse.Namespace) -> int:
    from facilitator.dates import format_date
    from facilitator.homework import track_homework
    from facilitator.text import for_display

    store = _store(args)
    scan = store.scan()
    tracked = track_homework((s for s, _ in scan.sessions), body=args.body)
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
        _print_json(out)
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


def _cmd_templates(args: argparse.Namespace) -> int:
    from facilitator.templates import all_templates
    from facilitator.text import for_display

    store_path = _location(args).path
    templates, errors = all_templates(store_path)
    for t in templates:
        where = tr("cli.builtin") if t.source == "built-in" else str(t.source)
        steps = tr("cli.steps", count=len(t.steps))
        print(f"{for_display(t.id)}\t{for_display(t.title)}\t{steps}\t{for_display(where)}")
    for e in errors:
        print(f"kyogitai: {for_display(str(e))}", file=sys.stderr)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from facilitator.session_load import check_references
    from facilitator.templates import all_templates
    from facilitator.text import for_display

    store = _store(args)
    print(tr("cli.store_path", path=store.root))
    if not store.root.is_dir():
        print(tr("cli.no_store_yet"))
        return 0
    scan = store.scan()
    bad = 0
    for entry in scan.entries:
        if entry.status == "ok":
            continue
        if entry.status != "newer":
            bad += 1
        print(f"✗ {_problem_line({'status': entry.status, 'file': entry.path.name, 'error': entry.error})}")
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


def _cmd_demo(args: argparse.Namespace) -> int:
    from facilitator.demo import DemoRefused, write_demo

    location = _location(args)
    from facilitator.store import Store

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
    store_arg = "" if location.reason == tr("store.from_cwd") else f" --store {_quote_arg(str(location.path))}"
    print(tr("cli.demo_open", command=f"kyogitai{store_arg}"))
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from facilitator.serve import serve

    if not 0 < args.port < 65536:
        raise CliError(tr("cli.bad_port", port=args.port))
    location = _location(args)
    try:
        serve(location.path, args.host, args.port, allow_remote=args.allow_remote)
    except ImportError as e:
        raise CliError(str(e)) from None
    except OSError as e:
        if e.errno is None:
            raise
        raise CliError(tr("cli.cannot_listen", host=args.host, port=args.port, error=e.strerror)) from None
    return 0


def _quote_arg(value: str) -> str:
    if value and all(c.isalnum() or c in "/\\:._-" for c in value):
        return value
    return '"' + value.replace('"', '\\"') + '"'


_COMMANDS = {
    "new": _cmd_new,
    "open": _cmd_open,
    "list": _cmd_list,
    "show": _cmd_show,
    "export": _cmd_export,
    "homework": _cmd_homework,
    "templates": _cmd_templates,
    "check": _cmd_check,
    "demo": _cmd_demo,
    "serve": _cmd_serve,
}
