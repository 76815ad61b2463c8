"""The command line (DESIGN.md "Command line", a contract).

Anything a user can cause ends with one clear line on stderr and a non-zero exit, never a
traceback. Output is UTF-8 on every OS. The UI (screens/) is imported only to open the app.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any, Sequence

from facilitator import __version__

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


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        self.exit(EXIT_USAGE, f"kyogitai: {message}（kyogitai --help で使い方）\n")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="kyogitai", description="協議体の会議を進め、記録し、議事録にする")
    p.add_argument("--store", metavar="DIR", help="保存先のフォルダ（既定: KYOGITAI_STORE、./sessions、ドキュメント）")
    p.add_argument("--version", action="version", version=f"kyogitai {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def store_option(sp: argparse.ArgumentParser) -> None:
        # Accepted after the subcommand too, without overwriting the global value.
        sp.add_argument("--store", metavar="DIR", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    sp = sub.add_parser("new", help="会議をつくる（id だけを表示）")
    sp.add_argument("--body", required=True, help="協議体の名前（例: C町 第1層協議体）")
    sp.add_argument("--title", help="会議名（既定: 第N回 …）")
    sp.add_argument("--date", help="日付（2026-08-19、2026/8/19、令和8年8月19日 など）")
    sp.add_argument("--place", help="場所")
    sp.add_argument("--template", default="c-town", help="テンプレートの id（既定: c-town）")
    sp.add_argument("--layer", help="層（第1層 / 第2層 など）")
    store_option(sp)

    sp = sub.add_parser("open", help="会議を開く")
    sp.add_argument("id")
    store_option(sp)

    sp = sub.add_parser("list", help="会議の一覧")
    sp.add_argument("--body", help="協議体で絞り込む")
    sp.add_argument("--search", metavar="WORDS", help="語で探す（すべての語を含むもの）")
    sp.add_argument("--json", action="store_true", help="JSON で出力")
    store_option(sp)

    sp = sub.add_parser("show", help="会議のまとめを表示")
    sp.add_argument("id")
    store_option(sp)

    sp = sub.add_parser("export", help="議事録などを書き出す")
    sp.add_argument("id")
    sp.add_argument("--format", required=True, choices=_export_formats(), help="形式")
    sp.add_argument("-o", "--output", metavar="FILE", help="書き出し先（省略時は標準出力）")
    sp.add_argument("--anonymize", "--anonymise", action="store_true",
                    help="出席者・発言者・宿題の担当などの氏名を、役割または記号（参加者A など）に置き換える")
    store_option(sp)

    sp = sub.add_parser("homework", help="継続中の宿題の一覧")
    sp.add_argument("--body", help="協議体で絞り込む")
    sp.add_argument("--json", action="store_true", help="JSON で出力")
    store_option(sp)

    sp = sub.add_parser("templates", help="使えるテンプレートの一覧")
    store_option(sp)

    sp = sub.add_parser("check", help="保存先のファイルをすべて検査（壊れたものがあれば終了コード 1）")
    store_option(sp)

    sp = sub.add_parser("demo", help="空の保存先に、架空の町の協議体の1年分の会議（デモ）をつくる")
    sp.add_argument("--force", action="store_true", help="すでに会議がある保存先にも加える（上書きはしません）")
    store_option(sp)

    sp = sub.add_parser("serve", help="ブラウザで使う（追加機能 web: uv run --extra web kyogitai serve）")
    sp.add_argument("--host", default="127.0.0.1", help="待ち受けるアドレス（既定: 127.0.0.1、このPCだけ）")
    sp.add_argument("--port", type=int, default=8000, help="ポート番号（既定: 8000）")
    sp.add_argument("--allow-remote", action="store_true",
                    help="ほかの PC からの接続を許す（ログインの仕組みはありません）")
    store_option(sp)
    return p


def _export_formats() -> tuple[str, ...]:
    from facilitator.export import FORMATS

    return tuple(FORMATS)


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    args = build_parser().parse_args(argv)
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


def _fail(message: str) -> int:
    from facilitator.text import for_display

    print(f"kyogitai: {for_display(message)}", file=sys.stderr)
    return EXIT_ERROR


# ---------------------------------------------------------------------------------------


def _location(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from facilitator.store import resolve_store

    return resolve_store(getattr(args, "store", None))


def _store(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from facilitator.store import Store

    return Store(_location(args).path)


def _load(store, session_id: str):  # type: ignore[no-untyped-def]
    from facilitator.ids import is_valid_session_id

    if not is_valid_session_id(session_id):
        raise CliError(f"会議の id として正しくありません: {session_id!r}")
    return store.load(session_id)


def _cmd_app(args: argparse.Namespace) -> int:
    return _run_app(args, session_id=None)


def _cmd_open(args: argparse.Namespace) -> int:
    store = _store(args)
    _load(store, args.id)  # a clear error here, before the UI starts
    return _run_app(args, session_id=args.id)


def _run_app(args: argparse.Namespace, session_id: str | None) -> int:
    location = _location(args)
    from screens.app import run  # the UI only now: the rest of the CLI never pays for it

    return run(location, session_id=session_id)


def _cmd_new(args: argparse.Namespace) -> int:
    from facilitator.carryover import new_session
    from facilitator.dates import parse_date
    from facilitator.templates import get_template, unnumbered_ids
    store = _store(args)
    template = get_template(args.template, store.root)
    on = parse_date(args.date) if args.date else None
    previous = store.latest_of_body(args.body)
    one_off = unnumbered_ids(store.root)  # 設置時プレ会議, 成果報告会 … are not 「第N回」
    held = [s for s in store.sessions_of_body(args.body) if s.template not in one_off]
    number = len(held) + 1 if template.numbered else None
    now = datetime.now().astimezone()
    session = new_session(
        body=args.body,
        template=template,
        now=now,
        title=args.title,
        on=on,
        place=args.place,
        layer=args.layer,
        previous=previous,
        session_id=store.unused_id(on or _planned_date(previous) or now.date()),
        number=number,
    )
    store.save(session)
    print(session.id)
    return 0


def _planned_date(previous) -> date | None:  # type: ignore[no-untyped-def]
    if previous is not None and previous.next_meeting.date:
        return date.fromisoformat(previous.next_meeting.date)
    return None


def _cmd_list(args: argparse.Namespace) -> int:
    from facilitator.dates import format_date_ja
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
    print(f"保存先: {location.path}（{location.reason}）")
    if not rows:
        print("該当する会議はありません" if (args.search or args.body) else "まだ会議がありません（kyogitai new --body 名前 でつくれます）")
    # As on the home screen: bodies by their newest session, each body's sessions newest first.
    for body, body_rows in group_by_body(rows):
        print(f"\n■ {for_display(body)}")
        for r in body_rows:
            c = r.get("counts") or {}
            print(
                f"  {r['id']}  {format_date_ja(r['date'])}  {for_display(r['title'])}  "
                f"アイデア{c.get('ideas', 0)} 託した{c.get('handoffs', 0)} 宿題{c.get('open_homework', 0)}"
            )
    for pr in problems:
        print(f"⚠ {_problem_line(pr)}")
    return 0


def _print_json(value: Any) -> None:
    """JSON on stdout; control, bidi and lone surrogate characters as \\u escapes."""
    from facilitator.text import json_safe

    sys.stdout.write(json_safe(json.dumps(value, ensure_ascii=False, indent=2)) + "\n")


def _problem_line(row: dict[str, Any]) -> str:
    from facilitator.text import for_display

    labels = {"damaged": "読めないファイル", "newer": "新しい版のファイル", "conflict": "同じ id のファイルが複数"}
    msg = f"{labels.get(row.get('status', ''), row.get('status'))}: {row.get('file')}"
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
        from facilitator.privacy import ANONYMIZE_NOTE, anonymize

        session, previous = anonymize(session, previous)
        print(f"kyogitai: {ANONYMIZE_NOTE}", file=sys.stderr)
    data = export(session, args.format, previous=previous)
    if args.output:
        from facilitator.store import atomic_write

        target = Path(args.output).expanduser()
        if target.is_dir():
            raise CliError(f"書き出し先がフォルダです: {target}（ファイル名まで指定してください）")
        if not target.parent.exists():
            raise CliError(f"書き出し先のフォルダがありません: {target.parent}")
        atomic_write(target, data, mode=store.file_mode())  # names: owner-only unless the store is shared
        print(f"書き出しました: {target}", file=sys.stderr)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    return 0


def _cmd_homework(args: argparse.Namespace) -> int:
    from facilitator.dates import format_date_ja
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
    print(f"保存先: {store.root}")
    if not tracked:
        print("継続中の宿題はありません")
    body = None
    for t in tracked:
        if t.session.body.name != body:
            body = t.session.body.name
            print(f"\n■ {for_display(body)}")
        due = t.item.due
        due_text = (format_date_ja(due) if t.due_date() else due) if due else "期限なし"
        mark = "⚠ 期限切れ " if t.overdue(today) else ""
        carried = f" 持ち越し{t.carried}回" if t.carried else ""
        print(f"  {mark}{for_display(t.item.text)}（{for_display(t.item.owner or '担当未定')}、{for_display(due_text)}）"
              f"{carried}  [{t.session.id}]")
    return 0


def _cmd_templates(args: argparse.Namespace) -> int:
    from facilitator.templates import all_templates
    from facilitator.text import for_display

    store_path = _location(args).path
    templates, errors = all_templates(store_path)
    for t in templates:
        where = "組み込み" if t.source == "built-in" else str(t.source)
        print(f"{for_display(t.id)}\t{for_display(t.title)}\t{len(t.steps)}ステップ\t{for_display(where)}")
    for e in errors:
        print(f"kyogitai: {for_display(str(e))}", file=sys.stderr)
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from facilitator.model import check_references
    from facilitator.templates import all_templates
    from facilitator.text import for_display

    store = _store(args)
    print(f"保存先: {store.root}")
    if not store.root.is_dir():
        print("保存先のフォルダがまだありません（会議はまだありません）")
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
    print(f"読めた会議: {ok} 件、問題のあるファイル: {bad} 件")
    return EXIT_ERROR if bad else 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from facilitator.demo import DemoRefused, write_demo

    location = _location(args)
    from facilitator.store import Store

    store = Store(location.path)
    try:
        written = write_demo(store, force=args.force)
    except DemoRefused as e:
        raise CliError(str(e)) from None
    print(f"保存先: {location.path}（{location.reason}）")
    print(f"デモの会議を {len(written)} 件つくりました（架空の町「ひなた町」の協議体の1年分）。")
    store_arg = "" if location.reason == "このフォルダの sessions/" else f" --store {_quote_arg(str(location.path))}"
    print(f"開くには: kyogitai{store_arg}")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    from facilitator.serve import serve

    if not 0 < args.port < 65536:
        raise CliError(f"ポート番号は 1〜65535 です: {args.port}")
    location = _location(args)
    try:
        serve(location.path, args.host, args.port, allow_remote=args.allow_remote)
    except ImportError as e:
        raise CliError(str(e)) from None
    except OSError as e:
        if e.errno is None:
            raise
        raise CliError(f"{args.host}:{args.port} で待ち受けられません（{e.strerror}）。"
                       "ほかのプログラムが使っていれば --port で別の番号を指定してください") from None
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
