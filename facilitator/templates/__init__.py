"""Meeting templates: the running order of a meeting, as TOML files.

A template file (stdlib ``tomllib``)::

    id = "mytown"                      # ASCII letters, digits, - and _
    title = "わが町方式"
    description = "任意の説明"           # optional
    numbered = false                   # optional: titles are not 「第N回」 (成果報告会 …)

    [[steps]]
    id = "ideas"                       # ASCII, unique within the template
    title = "情報・意見交換"
    panel = "ideas"                    # one of PANELS
    purpose = "メンバーが情報とアイデアを出し合う。"
    minutes = 30                       # positive number
    prompts = ["今ある住民の活動で、使えそうなものはありますか？"]
    notes = "進行役だけが見るメモ"        # optional

Built-in templates ship as package data (``templates_builtin/*.toml``); a store may add its
own in ``<store>/templates/*.toml``. A broken user template is reported (``TemplateError``
naming the file and line), never fatal, and never overrides a built-in id.

``model.py`` holds the types, ``loading.py`` reads and checks one file (``lines.py`` finds the
line a problem is on), ``discovery.py`` finds the built-in and the store's templates.
"""

from __future__ import annotations

from facilitator.templates.discovery import all_templates, builtin_templates, get_template, user_templates
from facilitator.templates.loading import load_template_file, load_template_text
from facilitator.templates.model import (
    BUILTIN_SOURCE,
    DEFAULT_TEMPLATE_ID,
    PANELS,
    Template,
    TemplateError,
    TemplateStep,
)

__all__ = [
    "PANELS",
    "DEFAULT_TEMPLATE_ID",
    "BUILTIN_SOURCE",
    "TemplateError",
    "TemplateStep",
    "Template",
    "load_template_text",
    "load_template_file",
    "builtin_templates",
    "user_templates",
    "all_templates",
    "get_template",
]
