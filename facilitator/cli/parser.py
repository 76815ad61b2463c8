"""The command line read: the argparse parser of every command, and the app's start read without it."""

from __future__ import annotations

from types import SimpleNamespace
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # argparse comes with the parser: the app's start does without both
    import argparse

from facilitator import __version__
from facilitator.cli.errors import EXIT_USAGE
from facilitator.i18n import t as tr  # ``tr``, as in the commands (some loop over a ``t``)


def app_start(argv: Sequence[str]) -> SimpleNamespace | None:
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


def build_parser() -> argparse.ArgumentParser:
    import argparse  # here, not at the top: the app's start never builds the parser (app_start)

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
    sp.add_argument("--merge-copies", action="store_true", help=tr("cli.help_merge_copies"))
    store_option(sp)

    sp = sub.add_parser("demo", help=tr("cli.help_demo"))
    sp.add_argument("--force", action="store_true", help=tr("cli.help_force"))
    store_option(sp)

    sp = sub.add_parser("report", help=tr("cli.help_report"))
    sp.add_argument("--fiscal-year", type=_fiscal_year, metavar="YYYY", help=tr("cli.help_fiscal_year"))
    sp.add_argument("--body", help=tr("cli.help_report_body"))
    sp.add_argument("--format", required=True, choices=("md", "html", "csv", "xlsx"), help=tr("cli.help_report_format"))
    sp.add_argument("-o", "--output", metavar="FILE", help=tr("cli.help_output"))
    sp.add_argument("--anonymize", "--anonymise", action="store_true", help=tr("cli.help_report_anonymize"))
    store_option(sp)

    sp = sub.add_parser("serve", help=tr("cli.help_serve"))
    sp.add_argument("--host", default="127.0.0.1", help=tr("cli.help_host"))
    sp.add_argument("--port", type=int, default=8000, help=tr("cli.help_port"))
    sp.add_argument("--allow-remote", action="store_true",
                    help=tr("cli.help_allow_remote"))
    sp.add_argument("--session", metavar="ID", default=None, help=tr("cli.help_serve_session"))
    store_option(sp)

    sp = sub.add_parser("handover", help=tr("cli.help_handover"))
    sp.add_argument("--body", required=True, help=tr("cli.help_handover_body"))
    sp.add_argument("--format", default="md", choices=("md", "html", "docx"), help=tr("cli.help_format"))
    sp.add_argument("-o", "--output", metavar="FILE", help=tr("cli.help_handover_output"))
    store_option(sp)
    return p


def _fiscal_year(text: str) -> int:
    """``2026`` (令和8年度: April 2026–March 2027); full-width digits too."""
    import argparse
    import unicodedata

    value = unicodedata.normalize("NFKC", text).strip().removesuffix("年度")
    if not value.isdigit() or not 1989 <= int(value) <= 2200:
        raise argparse.ArgumentTypeError(tr("cli.bad_fiscal_year", value=text))
    return int(value)


def _export_formats() -> tuple[str, ...]:
    from facilitator.export import FORMATS  # with the parser only: the app's start does without it

    return tuple(FORMATS)
