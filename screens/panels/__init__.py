"""Step panels, one per template ``panel`` value (docs/templates.md)."""

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
    """The panel class for a template's ``panel`` (a free text panel for a name not in the
    registry; templates are checked against facilitator.templates.PANELS when loaded). A panel
    module that fails to import is a broken install and says so: it is not hidden."""
    module_name, _, class_name = REGISTRY.get(panel, REGISTRY[FALLBACK]).partition(":")
    panel_cls: type[StepPanel] = getattr(import_module(module_name), class_name)
    return panel_cls
