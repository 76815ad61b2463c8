"""The step timer: against the planned minutes, warning at 20% left, overrun in words too; and
whether the meeting is not opened yet, paused or closed."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.css.scalar import Unit
from textual.widgets import Digits, Static

from facilitator.i18n import Labels, t
from facilitator.meeting import Meeting, format_clock

LEVEL_WORDS = Labels({"warning": "timer.warning"})
PHASE_WORDS = Labels({"before": "timer.before", "ended": "timer.ended"})


class TimerView(Vertical):
    """Normal: small text. Projection (the screen's .projection class): big digits."""

    def __init__(self, meeting: Meeting, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.meeting = meeting

    def compose(self) -> ComposeResult:
        # The line first: projected, it stands left of the digits (screens/meeting.tcss).
        yield Static(id="timer-line")
        yield Digits("0:00", id="timer-digits")

    def on_mount(self) -> None:
        self.sync()
        self.set_interval(1, self.sync, name="timer")

    def width_needed(self) -> int:
        """The cells the one-line timer takes, as it reads now (its min-width included)."""
        line = self.query_one("#timer-line", Static)
        width = cell_len(str(line.render())) + line.styles.gutter.width
        min_width = self.styles.min_width
        if min_width is not None and min_width.unit == Unit.CELLS:
            width = max(width, int(min_width.value))
        return width

    def sync(self) -> None:
        m = self.meeting
        state = m.timer()
        self.set_class(state.level == "warning", "-warning")
        self.set_class(state.level == "over", "-over")
        self.set_class(not m.running, "-paused")
        if state.level == "over" and state.planned is not None:
            big = "+" + format_clock(state.elapsed - state.planned)
        else:
            big = format_clock(state.elapsed)
        self.query_one("#timer-digits", Digits).update(big)
        line = Text()
        # Quietly, where the timer is: not opened yet (開会前), closed (散会済み), or paused.
        # In a window that does not own the meeting's clock it is shown, read-only, never counted.
        idle = t("timer.elsewhere") if m.clock_elsewhere else t("timer.paused")
        line.append("⏱ " if m.running else PHASE_WORDS.get(m.phase) or idle)
        line.append(state.label, style="bold")
        if state.level in LEVEL_WORDS:
            line.append(f"  {LEVEL_WORDS[state.level]}", style="bold")
        line.append(t("timer.total", clock=format_clock(m.total_elapsed())))
        self.query_one("#timer-line", Static).update(line)
