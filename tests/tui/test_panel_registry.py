"""The step-panel registry: every template panel name has a panel; a broken one is not hidden."""

from __future__ import annotations

import pytest

from facilitator.templates import PANELS
from screens import panels
from screens.panels.text import TextPanel


def test_every_template_panel_name_has_its_own_panel():
    assert set(panels.REGISTRY) == set(PANELS)
    for name in PANELS:
        assert panels.panel_class(name).PANEL == name


def test_an_unknown_name_gets_the_text_panel():
    assert panels.panel_class("not-built-yet") is TextPanel


def test_a_panel_module_that_fails_to_import_is_an_error_not_a_text_panel(monkeypatch):
    monkeypatch.setitem(panels.REGISTRY, "ideas", "screens.panels.no_such_module:IdeasPanel")
    with pytest.raises(ModuleNotFoundError):
        panels.panel_class("ideas")
