"""Who may reach a served app (``kyogitai serve``), and the addresses to give people.

- **The token.** Every server run makes a random secret. Its URL carries it (``?token=…``); a
  request with the right token is answered and gets a cookie holding it (HttpOnly,
  SameSite=Strict, named after the port: two servers on one PC don't overwrite each other's), so
  the page's websocket, static files and downloads go through on the cookie. Anything without
  the token or the cookie — also on loopback, where another local account could connect — is
  refused (403; a websocket is refused before it opens).
- **The names.** The Host header must be one of this machine's own names or addresses (a page
  of another site whose name now points here — DNS rebinding — names itself, and is refused),
  with ``--allow-remote`` too; a browser page's Origin must be this very server.
- **The addresses to print.** 127.0.0.1 always; with ``--allow-remote``, this PC's LAN address
  (what a tablet on the same Wi-Fi or phone hotspot opens); a bind to 0.0.0.0 is never printed
  as such (a browser on Windows can't open it).

Plain Python: no aiohttp here (facilitator/serve.py wires these into the server).
"""

from __future__ import annotations

import hmac
import ipaddress
import socket
from typing import Iterable
from urllib.parse import urlsplit

TOKEN_PARAM = "token"
COOKIE_PREFIX = "kyogitai_token_"


def new_token() -> str:
    import secrets

    return secrets.token_urlsafe(24)


def cookie_name(port: int) -> str:
    return f"{COOKIE_PREFIX}{port}"


def token_matches(given: str | None, token: str) -> bool:
    """The right token (compared in constant time); None or empty never matches."""
    if not given or not token:
        return False
    return hmac.compare_digest(given.encode("utf-8", "replace"), token.encode("utf-8"))


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and the name localhost: only this machine can connect."""
    name = host.strip().strip("[]").rstrip(".").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def is_wildcard(host: str) -> bool:
    """0.0.0.0 or :: — every address of this machine."""
    try:
        return ipaddress.ip_address(host.strip().strip("[]")).is_unspecified
    except ValueError:
        return False


def _bracket(name: str) -> str:
    return f"[{name}]" if ":" in name and not name.startswith("[") else name


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other people's devices can reach (no loopback), the one of
    the default route first. Sends no packet (a UDP socket only picks a route)."""
    found: list[str] = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: nothing is sent
            found.append(s.getsockname()[0])
        except OSError:
            pass
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    for info in infos:
        found.append(str(info[4][0]))
    out = []
    for a in found:
        try:
            ip = ipaddress.ip_address(a)
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_unspecified or ip.is_link_local) and a not in out:
            out.append(a)
    return out


def machine_names() -> set[str]:
    """The names this PC answers to on a LAN (host name, its .local mDNS name, the full name)."""
    names = set()
    for name in (socket.gethostname(), socket.getfqdn()):
        name = (name or "").strip().lower().rstrip(".")
        if name and name != "localhost":
            names.add(name)
            if "." not in name:
                names.add(f"{name}.local")
    return names


def allowed_hosts(host: str, port: int, *, allow_remote: bool = False,
                  lan: Iterable[str] | None = None, names: Iterable[str] | None = None) -> frozenset[str]:
    """The Host headers the server answers to: this machine's loopback names, the address it
    was bound to, and — when others may connect (a non-loopback bind with ``allow_remote``) —
    its LAN addresses and names. Each with ``:port`` (and bare on port 80)."""
    bound = host.strip().lower()
    plain = {"127.0.0.1", "localhost", "[::1]"}
    if not is_wildcard(bound):
        plain.add(_bracket(bound))
    if allow_remote and not is_loopback(bound):
        plain.update(_bracket(a.lower()) for a in (lan_addresses() if lan is None else lan))
        plain.update(n.lower() for n in (machine_names() if names is None else names))
    with_port = {f"{n}:{port}" for n in plain}
    return frozenset(with_port | (plain if port == 80 else set()))


def request_allowed(host_header: str | None, origin: str | None, hosts: frozenset[str]) -> bool:
    """May this request reach the app by its names? (The token is checked besides.) A browser
    always sends Origin on a websocket: it must be this very server."""
    host = (host_header or "").strip().lower()
    if not host or host not in hosts:
        return False
    if origin is None:
        return True  # not a browser page (curl, a test): the token still has to be there
    parts = urlsplit(origin.strip())
    return parts.scheme in ("http", "https") and parts.netloc.lower() == host


def base_url(host: str, port: int) -> str:
    return f"http://{_bracket(host.strip())}:{port}"


def open_urls(host: str, port: int, token: str, *, allow_remote: bool = False,
              lan: Iterable[str] | None = None) -> list[str]:
    """The URLs to print, each with the token: this PC's own first (127.0.0.1 for a loopback or
    wildcard bind, else the bound address), then, for a wildcard bind with ``allow_remote``, the
    LAN addresses other devices open."""
    bound = host.strip()
    first = "127.0.0.1" if is_loopback(bound) or is_wildcard(bound) else bound
    hosts = [first]
    if allow_remote and is_wildcard(bound):
        hosts += [a for a in (lan_addresses() if lan is None else lan) if a not in hosts]
    return [f"{base_url(h, port)}/?{TOKEN_PARAM}={token}" for h in hosts]


def qr_text(url: str, border: int = 4) -> str | None:
    """The URL as a QR code drawn with block characters, two modules a line (segno, in the web
    extra), or None when segno is not installed. ``border``: the quiet zone in modules (4 by the
    standard; phone cameras read 2, which fits a dialog at 80×24)."""
    try:
        import segno
    except ImportError:
        return None
    import io

    out = io.StringIO()
    segno.make(url, error="l").terminal(out=out, compact=True, border=border)
    return out.getvalue()
