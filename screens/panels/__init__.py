"""Step panels, one per template ``panel`` value (DESIGN.md "Templates")."""

from __future__ import annotations

from importlib import import_module

from screens.panels.base import StepPanel

# panel name → "module:class". Imported on first use, so start-up pays only for what it shows.
REGISTRY = {
    "recap": "screens.panels.recap:RecapPanel",
    "issues": "screens.panels.issues:IssuesPanel",
    "consult": "screens.panels.consult:ConsultPanel",
    "ideas": "screens.panels.ideas:IdeasPanel",
    "handoff": "screens.panels.handoff:HandoffPanel",
    "text": "screens.panels.text:TextPanel",
    "close": "screens.panels.close:ClosePanel",
    "board": "screens.panels.board:BoardPanel",
}
FALLBACK = "text"


def panel_class(panel: str) -> type[StepPanel]:
    """The panel class for a template's ``panel`` (a free text panel for one not built yet)."""
    target = REGISTRY.get(panel, REGISTRY[FALLBACK])
    module_name, _, class_name = target.partition(":")
    try:
        module = import_module(module_name)
    except ModuleNotFoundError:
        module_name, _, class_name = REGISTRY[FALLBACK].partition(":")
        module = import_module(module_name)
    return getattr(module, class_name)
