"""The app's own theme: bright and high-contrast, for projecting in a bright room.

A projector in a lit community hall washes out a dark screen; black on white with strong
colours reads from the back of the room. F7 on the meeting and board screens switches to it and
back (``KyogitaiApp.action_toggle_bright``); Textual's theme picker (Ctrl+P) lists it too. Every
colour in the stylesheets is a theme variable, so any theme applies everywhere.
"""

from __future__ import annotations

from textual.theme import Theme

BRIGHT = Theme(
    name="kyogitai-bright",
    primary="#0b3d91",
    secondary="#1a1a1a",
    accent="#6a1b9a",
    warning="#8a4b00",
    error="#b00020",
    success="#0a6b1f",
    foreground="#000000",
    background="#ffffff",
    surface="#ffffff",
    panel="#e2e2e2",
    dark=False,
)
