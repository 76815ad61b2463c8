"""Step panels, one per template ``panel`` value (DESIGN.md "Templates")."""

from __future__ import annotations

from screens.panels.base import StepPanel


def panel_class(panel: str) -> type[StepPanel]:
    from screens.panels.ideas import IdeasPanel
    from screens.panels.text import TextPanel

    panels: dict[str, type[StepPanel]] = {"ideas": IdeasPanel, "text": TextPanel}
    try:
        from screens.panels import more  # noqa: F401  (recap, issues, consult, handoff, close, board)

        panels.update(more.PANELS)
    except ImportError:
        pass
    return panels.get(panel, TextPanel)
