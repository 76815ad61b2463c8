"""Why a save failed, said in one Japanese line a coordinator can act on.

The app shows this next to 「保存できません」 while it keeps the edits in memory and retries.
"""

from __future__ import annotations

import errno

_BY_ERRNO: dict[int, str] = {
    errno.ENOSPC: "ディスクがいっぱいです。不要なファイルを消すと、自動で保存されます",
    errno.EACCES: "書き込む権限がありません",
    errno.EPERM: "書き込む権限がありません",
    errno.EROFS: "読み取り専用の場所です",
    errno.ENOENT: "保存先のフォルダが見つかりません（共有フォルダやUSBメモリの接続を確かめてください）",
    errno.EIO: "読み書きのエラーです（共有フォルダの接続やディスクを確かめてください）",
}
for _name, _text in (
    ("EDQUOT", "保存できる容量の上限に達しました"),
    ("ESTALE", "共有フォルダにつながりません"),
    ("ENOTCONN", "共有フォルダにつながりません"),
    ("EHOSTDOWN", "共有フォルダにつながりません"),
    ("EHOSTUNREACH", "共有フォルダにつながりません"),
    ("ENETUNREACH", "共有フォルダにつながりません"),
    ("ENETDOWN", "共有フォルダにつながりません"),
    ("ETIMEDOUT", "共有フォルダにつながりません"),
    ("ECONNRESET", "共有フォルダにつながりません"),
):
    if hasattr(errno, _name):
        _BY_ERRNO.setdefault(getattr(errno, _name), _text)

# Windows reports some of these as winerror only (ERROR_DISK_FULL, ERROR_NETNAME_DELETED…).
_BY_WINERROR: dict[int, str] = {
    112: _BY_ERRNO[errno.ENOSPC],  # ERROR_DISK_FULL
    39: _BY_ERRNO[errno.ENOSPC],  # ERROR_HANDLE_DISK_FULL
    5: _BY_ERRNO[errno.EACCES],  # ERROR_ACCESS_DENIED
    32: "ほかのプログラムがファイルを使っています",  # ERROR_SHARING_VIOLATION
    19: _BY_ERRNO[errno.EROFS],  # ERROR_WRITE_PROTECT
    53: "共有フォルダにつながりません",  # ERROR_BAD_NETPATH
    64: "共有フォルダにつながりません",  # ERROR_NETNAME_DELETED
    67: "共有フォルダにつながりません",  # ERROR_BAD_NET_NAME
}


def describe_write_error(error: BaseException | None) -> str:
    """「ディスクがいっぱいです…」 for an OSError; the message itself for our own errors."""
    if error is None:
        return "原因がわかりません"
    if isinstance(error, OSError):
        winerror = getattr(error, "winerror", None)
        if winerror in _BY_WINERROR:
            return _BY_WINERROR[winerror]
        if error.errno in _BY_ERRNO:
            return _BY_ERRNO[error.errno]
        return error.strerror or str(error) or error.__class__.__name__
    return str(error) or error.__class__.__name__
