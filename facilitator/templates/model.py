"""A meeting template as Python: Template, its steps, the panels a step may name, TemplateError."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from facilitator.i18n import t

# Which screen panel runs a step.
PANELS: tuple[str, ...] = ("recap", "issues", "consult", "ideas", "handoff", "text", "close", "board")
DEFAULT_TEMPLATE_ID = "c-town"
BUILTIN_SOURCE = "built-in"


class TemplateError(ValueError):
    """A template that can't be used. ``str()`` is one line naming the file and line.

    ``source`` is the file path (``"built-in"`` for package data, ``None`` when no file is
    involved, e.g. an unknown template id); ``line`` is 1-based or ``None``; ``detail`` is the
    message without the file/line prefix.
    """

    def __init__(self, detail: str, source: str | None = None, line: int | None = None) -> None:
        self.detail = detail
        self.source = source
        self.line = line
        super().__init__(self._render())

    @property
    def file_name(self) -> str | None:
        if self.source is None:
            return None
        if self.source == BUILTIN_SOURCE:
            return t("templates.builtin_name")
        return Path(self.source).name

    def _render(self) -> str:
        if self.source is None:
            return self.detail
        if self.line is not None:
            where = t("templates.where_line", file=self.file_name, line=self.line)
        else:
            where = t("templates.where", file=self.file_name)
        return f"{where}: {self.detail}"

    def __str__(self) -> str:
        return self._render()


@dataclass(frozen=True)
class TemplateStep:
    id: str
    title: str
    panel: str
    purpose: str
    minutes: float  # an int when the file wrote an integer
    prompts: tuple[str, ...]
    notes: str = ""


@dataclass(frozen=True)
class Template:
    id: str
    title: str
    description: str
    steps: tuple[TemplateStep, ...]
    source: str  # "built-in" or the file path
    # False for one-off meetings (設置時プレ会議, 成果報告会, ワークショップ): a new session is titled
    # with the template's title instead of 「第N回」 and does not count towards the next N.
    numbered: bool = True

    @property
    def total_minutes(self) -> float:
        return sum(s.minutes for s in self.steps)

    @property
    def is_builtin(self) -> bool:
        return self.source == BUILTIN_SOURCE

    def step(self, step_id: str) -> TemplateStep | None:
        return next((s for s in self.steps if s.id == step_id), None)
