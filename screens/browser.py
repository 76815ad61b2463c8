"""Browser mode (``kyogitai serve``): keys the browser doesn't take for itself.

In a browser F5 reloads the page, F1 opens the browser's help, F3 finds, F6 jumps to the
address bar, Ctrl+Q may quit the browser (Firefox on Linux). textual-serve's terminal passes
these keys on while it has the focus, but not always (focus elsewhere on the page, some
browsers). So when the app runs served (``KYOGITAI_BROWSER=1``, set by ``kyogitai serve``), every
binding on such a key gets a second key that browsers leave alone: a Ctrl+letter that no text
field uses (Ctrl+O/B/L/F) or a function key browsers don't bind (F8, F10).

One table, applied as Textual's keymap (``App.set_keymap``) by :func:`install`: each binding is
named by its id, the new key comes first so the footer shows it, the terminal key still works.
In a terminal nothing changes.
"""

from __future__ import annotations

import os
from typing import Callable, Mapping

from textual.app import App
from textual.binding import Binding

from facilitator.serve_env import BROWSER_ENV, SERVE_PID_ENV

# The terminal key → the key offered beside it in a browser (the same everywhere, so one rule
# to learn: F5 → Ctrl+O, F4 → Ctrl+B …).
BROWSER_KEYS = {
    "f1": "ctrl+f",  # help (browsers: their own help)
    "f3": "ctrl+l",  # roster, the board's add target (browsers: find)
    "f4": "ctrl+b",  # the board and back
    "f5": "ctrl+o",  # projection; reload on the home screen and homework (browsers: reload)
    "f6": "f8",  # pause the timer (browsers: address bar)
    "ctrl+q": "f10",  # quit (Firefox on Linux: quits the browser)
}

def browser_mode(environ: Mapping[str, str] | None = None) -> bool:
    return (environ if environ is not None else os.environ).get(BROWSER_ENV, "") not in ("", "0")


def install(app: App, environ: Mapping[str, str] | None = None) -> dict[tuple[str, str], str]:
    """Browser mode for ``app``: the keymap below and an end to the app when the server that
    started it is gone. Returns the footer labels the app's ``get_key_display`` must put back:
    Textual's keymap drops a binding's own key_display (「PgDn」, 「Del」)."""
    app.set_keymap(browser_keymap())
    watch_server(app, environ)
    return key_displays()


SERVER_WATCH_SECONDS = 2.0


def watch_server(app: App, environ: Mapping[str, str] | None = None,
                 alive: Callable[[int], bool] | None = None) -> None:
    """textual-serve ends an app when its browser tab closes. If the server itself is killed
    (kill -9, a crash), its apps would run on with nobody to see them, their presence fresh and
    — if one owns the meeting's clock — the clock held by a window nobody can reach. So a served
    app checks every 2 s that its server still runs, and otherwise saves, removes its presence
    and ends."""
    from facilitator.presence import pid_alive

    try:
        server = int((environ if environ is not None else os.environ).get(SERVE_PID_ENV, ""))
    except ValueError:
        return
    is_alive = alive or pid_alive

    def check() -> None:
        if not is_alive(server):
            app.exit()  # on_exit_app saves and releases first

    app.set_interval(SERVER_WATCH_SECONDS, check, name="server-watch")


def browser_keymap() -> dict[str, str]:
    """The keymap for browser mode: every binding of ours on a key in BROWSER_KEYS, by id, gets
    the browser key first (the one the footer shows), then its terminal keys. Built from the
    live BINDINGS of every screen and widget, so a new binding on F5 gets Ctrl+O without anyone
    editing this file.

    Every other binding with an id is listed too, with its own keys: Textual moves a rebound
    binding to the end of its screen's list, and the footer would show 投影 and ボード last,
    cut off in a narrow window; rebinding them all keeps the footer in its terminal order."""
    keymap = {}
    for binding_id, keys in terminal_keys().items():
        extra = [BROWSER_KEYS[k] for k in keys if k in BROWSER_KEYS]
        keymap[binding_id] = ",".join(dict.fromkeys([*extra, *keys]))
    return keymap


def key_displays() -> dict[tuple[str, str], str]:
    """{(binding id, key): its own key_display} for the bindings that have one."""
    return {(b.id, b.key): b.key_display for b in our_bindings() if b.id and b.key_display}


def terminal_keys() -> dict[str, list[str]]:
    """{binding id: its keys} for every binding with an id in our screens and widgets."""
    keys: dict[str, list[str]] = {}
    for binding in our_bindings():
        if binding.id is not None:
            keys.setdefault(binding.id, [])
            if binding.key not in keys[binding.id]:
                keys[binding.id].append(binding.key)
    return keys


def our_bindings() -> list[Binding]:
    """Every binding declared by a class in screens/ (one Binding per key)."""
    from textual.dom import DOMNode

    _import_all_screens()
    found: list[Binding] = []
    seen: set[type] = set()
    todo = list(DOMNode.__subclasses__())
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("screens.") and "BINDINGS" in vars(cls):
            found.extend(Binding.make_bindings(vars(cls)["BINDINGS"]))
    return found


def _import_all_screens() -> None:
    import importlib
    import pkgutil

    import screens

    for module in pkgutil.walk_packages(screens.__path__, "screens."):
        importlib.import_module(module.name)
