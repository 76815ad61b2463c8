"""``kyogitai serve``: the app in a browser, through textual-serve (the optional ``web`` extra).

textual-serve starts one app process per browser connection by running a command line through
a shell, and has no login of its own. So:

- it binds to 127.0.0.1 by default and refuses any other address unless ``--allow-remote``;
- the command it runs quotes every path (a store path with spaces, Japanese or ``'`` in it);
- every page, file and websocket needs the run's secret token or the cookie it sets, and the
  names of this machine with this server's own Origin (facilitator/serve_access.py), also with
  ``--allow-remote``;
- the start message prints addresses a browser can open (never 0.0.0.0), with the token, and a
  QR code of the LAN address for another device.

The served app sees ``KYOGITAI_BROWSER=1`` and offers keys the browser doesn't take for itself
(screens/browser.py). textual-serve is imported only when the server starts.
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any, Sequence
from urllib.parse import urlsplit

from facilitator.i18n import DEFAULT, catalogue, t
from facilitator.serve_access import (
    TOKEN_PARAM,
    allowed_hosts,
    cookie_name,
    is_loopback,
    new_token,
    open_urls,
    qr_text,
    request_allowed,
    token_matches,
)
from facilitator.serve_env import BROWSER_ENV, SERVE_PID_ENV

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000

# The messages are the catalogue's [serve] table (facilitator/i18n.py), in the UI language.
WEB_PACKAGE = '"kyogitai[web]"'  # a parameter: the catalogue holds no [tag]-like text


def __getattr__(name: str) -> str:
    """``INSTALL_HINT``: the Japanese install hint (for tests), read only when asked for, so that
    importing this module (screens/browser.py does, at every start) loads no catalogue."""
    if name == "INSTALL_HINT":
        return catalogue(DEFAULT)["serve.install_hint"].format(package=WEB_PACKAGE)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class ServeRefused(ValueError):
    """A host the user asked for that we won't bind without --allow-remote."""


def check_host(host: str, allow_remote: bool) -> str | None:
    """Raise ServeRefused for a non-loopback host without ``allow_remote``; the warning to print
    (on stderr) when it is allowed; None on loopback."""
    if is_loopback(host):
        return None
    if not allow_remote:
        raise ServeRefused(t("serve.remote_refused", host=host))
    return t("serve.remote_warning")


def served_argv(store: Path | str, python: str | None = None, session: str | None = None) -> list[str]:
    """The app as each browser connection runs it: this Python, on this store (an absolute path,
    so the served process finds the same store whatever its working folder); with ``session``,
    opened on that session (the note-taker's tab goes straight to the meeting)."""
    argv = [python or sys.executable, "-m", "facilitator", "--store", str(Path(store).absolute())]
    return argv + (["open", session] if session else [])


def shell_command(argv: Sequence[str], platform: str | None = None) -> str:
    """One command line for the shell textual-serve runs it through, every argument quoted
    (POSIX sh; cmd.exe's rules on Windows)."""
    if (platform or sys.platform) == "win32":
        return " ".join(_cmd_quote(a) for a in argv)
    return shlex.join(argv)


_CMD_SPECIAL = set(" \t&|<>^%!(),;=")


def _cmd_quote(arg: str) -> str:
    """One argument for ``cmd.exe /c``: the C runtime's rules (list2cmdline), and quoted also
    when cmd.exe itself would read a character (``D:\\R&D`` must not run ``D``). A ``%`` inside
    quotes can still expand a variable: cmd.exe offers no escape for it on a command line."""
    quoted = subprocess.list2cmdline([arg])
    if quoted.startswith('"') or not (_CMD_SPECIAL & set(arg)):
        return quoted
    trailing = len(arg) - len(arg.rstrip("\\"))
    return '"' + arg + "\\" * trailing + '"'  # backslashes before the closing quote doubled


_LINK = re.compile(r"<link\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)


def strip_external_links(html: str, own_url: str) -> str:
    """The page without <link>s to other sites (textual-serve's template loads a web font);
    links to ``own_url`` (this server) and relative ones stay."""
    own = urlsplit(own_url).netloc.lower()

    def keep(match: re.Match[str]) -> str:
        href = _HREF.search(match.group(0))
        netloc = urlsplit(href.group(1)).netloc.lower() if href else ""
        return match.group(0) if not netloc or netloc == own else ""

    return _LINK.sub(keep, html)


def serve(store: Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, *,
          allow_remote: bool = False, token: str | None = None, session: str | None = None) -> None:
    """Run the server until Ctrl+C. ImportError (with INSTALL_HINT) without the web extra,
    ServeRefused for a host it won't bind, OSError when the port can't be had. ``token``: the
    secret every request must carry (a new random one when None)."""
    warning = check_host(host, allow_remote)
    try:
        from aiohttp import web
        from textual_serve.server import Server
    except ImportError:
        raise ImportError(t("serve.install_hint", package=WEB_PACKAGE)) from None

    secret = token or new_token()
    cookie = cookie_name(port)
    hosts = allowed_hosts(host, port, allow_remote=allow_remote)
    connections: set[asyncio.Task[Any] | None] = set()  # the open tabs' websocket handlers

    @web.middleware
    async def guard(request: web.Request, handler: Any) -> web.StreamResponse:
        """Every page, file and websocket: this server's own names, and the token or its cookie."""
        if not request_allowed(request.host, request.headers.get("Origin"), hosts):
            raise web.HTTPForbidden(text="kyogitai: this address is not served here\n")
        if token_matches(request.query.get(TOKEN_PARAM), secret):
            response = await handler(request)
            if not response.prepared:  # (a websocket is answered on the cookie alone)
                response.set_cookie(cookie, secret, httponly=True, samesite="Strict", path="/")
            return response
        if token_matches(request.cookies.get(cookie), secret):
            return await handler(request)
        raise web.HTTPForbidden(text="kyogitai: open the address with ?token= that kyogitai serve printed\n")

    class KyogitaiServer(Server):
        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.middlewares.append(guard)
            return app

        async def handle_index(self, request: web.Request):  # type: ignore[override]
            # The page's websocket and static URLs under the name the browser used (localhost
            # or 127.0.0.1, or this PC's address from another one), so its Origin matches.
            self.public_url = f"{request.scheme}://{request.host}"
            response = await super().handle_index(request)
            # The page asks Google Fonts for a stylesheet, and connects to the app only once
            # every resource has loaded: on a closed network it would wait for that request to
            # time out. The font is only a nicety (the terminal falls back to the system's).
            response.text = strip_external_links(response.text, self.public_url)
            return response

        async def handle_websocket(self, request: web.Request):  # type: ignore[override]
            task = asyncio.current_task()
            connections.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                connections.discard(task)

        async def on_startup(self, app: web.Application) -> None:
            pass  # our own start message (below), not textual-serve's logo and bind address

        async def on_shutdown(self, app: web.Application) -> None:
            # Ctrl+C: end each open tab's app now — it saves — rather than after aiohttp's
            # 60 s grace for open connections.
            pending = [t for t in connections if t is not None and not t.done()]
            for task in pending:
                task.cancel()
            if pending:
                await asyncio.wait(pending, timeout=15)

    os.environ[BROWSER_ENV] = "1"  # inherited by every served app process
    os.environ[SERVE_PID_ENV] = str(os.getpid())
    command = shell_command(served_argv(store, session=session))
    urls = open_urls(host, port, secret, allow_remote=allow_remote)
    server = KyogitaiServer(command, host=host, port=port, title=t("serve.page_title"), public_url=urls[0])
    print(start_message(urls, store, remote=allow_remote and not is_loopback(host)), flush=True)
    if warning:
        print(f"kyogitai: {warning}", file=sys.stderr, flush=True)
    server.serve()


def start_message(urls: Sequence[str], store: Path | str, *, remote: bool = False) -> str:
    """What ``serve`` prints: each address to open (with its token); when other devices may
    connect, the last one (theirs) also as a QR code if segno is installed."""
    lines = [t("serve.started", store=store)]
    lines += [f"  {url}" for url in urls]
    qr = qr_text(urls[-1]) if remote else None
    if qr:
        lines += [t("serve.qr"), qr.rstrip("\n")]
    lines.append(t("serve.keep_secret"))
    return "\n".join(lines)
