"""The command line (a contract: README.md): ``main`` reads the command and runs it.

Anything a user can cause ends with one clear line on stderr and a non-zero exit, never a
traceback. Output is UTF-8 on every OS. The UI (screens/) is imported only to open the app
(``start.py``).

- ``parser.py``: the argparse parser, and the app's start read without it;
- ``start.py``: opening the app (``kyogitai``, ``kyogitai open ID``);
- ``sessions.py``: ``new``, ``show``, ``export``;
- ``listing.py``: ``list``, ``homework``, ``templates``;
- ``store_tools.py``: ``check``, ``demo``, ``serve``;
- ``report.py``: ``report``, the year's activity report;
- ``handover.py``: ``handover`` (the hand-over for the next SC);
- ``store_args.py``, ``output.py``, ``errors.py``: what the commands share.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import TYPE_CHECKING, Callable, Sequence

from facilitator.cli.errors import EXIT_ERROR, CliError
from facilitator.cli.parser import app_start, build_parser  # argparse only when build_parser runs

if TYPE_CHECKING:
    import argparse

__all__ = ["main", "build_parser"]

# command → "module:function", imported when that command runs (a start-time choice: the app's
# start imports start.py and none of the other commands' modules).
APP = "facilitator.cli.start:cmd_app"
COMMANDS = {
    "new": "facilitator.cli.sessions:cmd_new",
    "open": "facilitator.cli.start:cmd_open",
    "list": "facilitator.cli.listing:cmd_list",
    "show": "facilitator.cli.sessions:cmd_show",
    "export": "facilitator.cli.sessions:cmd_export",
    "homework": "facilitator.cli.listing:cmd_homework",
    "templates": "facilitator.cli.listing:cmd_templates",
    "check": "facilitator.cli.store_tools:cmd_check",
    "demo": "facilitator.cli.store_tools:cmd_demo",
    "serve": "facilitator.cli.store_tools:cmd_serve",
    "report": "facilitator.cli.report:cmd_report",
    "handover": "facilitator.cli.handover:cmd_handover",
}


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_stdio()
    args = app_start(sys.argv[1:] if argv is None else argv) or build_parser().parse_args(argv)
    try:
        handler = _command(args.command or "")
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
    except Exception as e:  # noqa: BLE001 - a bug, or a MemoryError: one line, the rest in a log
        from facilitator.crashlog import report_crash

        print(f"kyogitai: {report_crash(e)}", file=sys.stderr)
        return EXIT_ERROR


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    module_name, _, function = COMMANDS.get(name, APP).partition(":")
    handler: Callable[[argparse.Namespace], int] = getattr(import_module(module_name), function)
    return handler


def _utf8_stdio() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(encoding="utf-8")
            except (ValueError, OSError):  # pragma: no cover - detached or odd streams
                pass


def _fail(message: str) -> int:
    from facilitator.text import for_display  # only when a command fails (a start-time choice)

    print(f"kyogitai: {for_display(message)}", file=sys.stderr)
    return EXIT_ERROR
