"""The hand-over for the next SC (``kyogitai handover --body NAME``, and **t** on the home screen).

One document a new SC reads on their first day: the vision and today's board, the members and
their roles, the meetings so far, themes over time, everything still open (homework and
hand-offs, with every meeting they were carried through), what was asked of 役場 and what came
of it, the facilitator's self-check over time and their notes.

- ``content``: the facts, from a body's sessions (pure; ``build_handover``);
- ``document``: those facts in the minutes' structure, which the minutes' renderers draw
  (Markdown, HTML, Word).
"""

from __future__ import annotations

from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING

from facilitator.i18n import pinned_language, t

if TYPE_CHECKING:
    from facilitator.handover.content import Handover
    from facilitator.store import Store

FORMATS: tuple[str, ...] = ("md", "html", "docx")
TO_STDOUT: tuple[str, ...] = ("md", "html")

# format -> (the minutes renderer's module, its function, encoding); None: it returns bytes
_RENDERERS: dict[str, tuple[str, str, str | None]] = {
    "md": ("markdown", "render", "utf-8"),
    "html": ("html", "render", "utf-8"),
    "docx": ("word", "render", None),
}


def render(handover: Handover, fmt: str) -> bytes:
    """The hand-over in ``fmt`` (md, html, docx) as bytes. docx needs the ``office`` extra."""
    if fmt not in _RENDERERS:
        raise ValueError(t("handover.bad_format", format=repr(fmt), formats=" / ".join(FORMATS)))
    from facilitator.handover.document import build_document

    module, function, encoding = _RENDERERS[fmt]
    renderer = getattr(import_module(f"facilitator.export.{module}"), function)
    with pinned_language():
        document = build_document(handover)
        if encoding is None:
            data: bytes = renderer(document)
            return data
        text: str = renderer(document)
    return text.encode(encoding, "replace")


def handover_from_store(store: Store, body: str, today: date) -> Handover:
    """The hand-over of the body named ``body`` (matched as bodies are: NFKC, spaces) from the
    store's readable sessions. ValueError when the body has none."""
    from facilitator.handover.content import build_handover

    sessions = store.sessions_of_body(body)
    if not sessions:
        raise ValueError(t("handover.no_sessions", body=body))
    return build_handover(sessions, today, body=body)


def file_name(handover: Handover, fmt: str) -> str:
    """``引き継ぎ_C町 第1層協議体.md``: the body's name made safe for a file name."""
    from facilitator.export_target import safe_stem

    return f"{t('handover.file_name')}_{safe_stem(handover.body)}.{fmt}"


__all__ = ["FORMATS", "TO_STDOUT", "file_name", "handover_from_store", "render"]
