"""Why a save failed, said in one line a coordinator can act on (in the UI language).

The app shows this next to 「保存できません」 while it keeps the edits in memory and retries.
"""

from __future__ import annotations

import errno

from facilitator.i18n import Labels, t

# The reasons, in the UI language (facilitator/i18n.py, table ``[failures]``), read when shown.
_TEXTS = Labels({
    "disk_full": "failures.disk_full",
    "no_permission": "failures.no_permission",
    "read_only": "failures.read_only",
    "folder_missing": "failures.folder_missing",
    "io_error": "failures.io_error",
    "quota": "failures.quota",
    "share_unreachable": "failures.share_unreachable",
    "in_use": "failures.in_use",
})

_BY_ERRNO: dict[int, str] = {
    errno.ENOSPC: "disk_full",
    errno.EACCES: "no_permission",
    errno.EPERM: "no_permission",
    errno.EROFS: "read_only",
    errno.ENOENT: "folder_missing",
    errno.EIO: "io_error",
}
for _name, _reason in (
    ("EDQUOT", "quota"),
    ("ESTALE", "share_unreachable"),
    ("ENOTCONN", "share_unreachable"),
    ("EHOSTDOWN", "share_unreachable"),
    ("EHOSTUNREACH", "share_unreachable"),
    ("ENETUNREACH", "share_unreachable"),
    ("ENETDOWN", "share_unreachable"),
    ("ETIMEDOUT", "share_unreachable"),
    ("ECONNRESET", "share_unreachable"),
):
    if hasattr(errno, _name):
        _BY_ERRNO.setdefault(getattr(errno, _name), _reason)

# Windows reports some of these as winerror only (ERROR_DISK_FULL, ERROR_NETNAME_DELETED…).
_BY_WINERROR: dict[int, str] = {
    112: "disk_full",  # ERROR_DISK_FULL
    39: "disk_full",  # ERROR_HANDLE_DISK_FULL
    5: "no_permission",  # ERROR_ACCESS_DENIED
    32: "in_use",  # ERROR_SHARING_VIOLATION
    19: "read_only",  # ERROR_WRITE_PROTECT
    53: "share_unreachable",  # ERROR_BAD_NETPATH
    64: "share_unreachable",  # ERROR_NETNAME_DELETED
    67: "share_unreachable",  # ERROR_BAD_NET_NAME
}


def describe_write_error(error: BaseException | None) -> str:
    """「ディスクがいっぱいです…」 for an OSError; the message itself for our own errors."""
    if error is None:
        return t("failures.unknown")
    if isinstance(error, OSError):
        winerror = getattr(error, "winerror", None)
        if winerror in _BY_WINERROR:
            return _TEXTS[_BY_WINERROR[winerror]]
        if error.errno in _BY_ERRNO:
            return _TEXTS[_BY_ERRNO[error.errno]]
        return error.strerror or str(error) or error.__class__.__name__
    return str(error) or error.__class__.__name__
