"""Where templates come from: the built-ins shipped as package data, a store's own, one by its id."""

from __future__ import annotations

import functools
from importlib import resources
from pathlib import Path

from facilitator.i18n import t
from facilitator.templates.lines import locate
from facilitator.templates.loading import load_template_file, load_template_text, shown_value
from facilitator.templates.model import BUILTIN_SOURCE, DEFAULT_TEMPLATE_ID, Template, TemplateError
from facilitator.text import clean_line

USER_TEMPLATE_DIR = "templates"


@functools.lru_cache(maxsize=1)
def _builtin() -> tuple[Template, ...]:
    folder = resources.files("facilitator").joinpath("templates_builtin")
    found = [
        load_template_text(entry.read_text(encoding="utf-8"), BUILTIN_SOURCE)
        for entry in folder.iterdir()
        if entry.name.endswith(".toml") and entry.is_file()
    ]
    found.sort(key=lambda t: (t.id != DEFAULT_TEMPLATE_ID, t.id))
    return tuple(found)


def builtin_templates() -> list[Template]:
    """The templates shipped with the app, the default (c-town) first."""
    return list(_builtin())


def user_templates(store: Path) -> tuple[list[Template], list[TemplateError]]:
    """Templates in ``<store>/templates/*.toml``, by file name; broken ones are reported.

    A user template may not reuse a built-in id (that would silently change a meeting's steps),
    nor an id another user file already has.
    """
    folder = Path(store) / USER_TEMPLATE_DIR
    templates: list[Template] = []
    errors: list[TemplateError] = []
    try:
        files = sorted(p for p in folder.glob("*.toml") if p.is_file())
    except OSError as e:
        return [], [TemplateError(t("templates.folder_unreadable", error=e.strerror or e), str(folder))]
    builtin_ids = {t.id for t in _builtin()}
    seen: dict[str, Path] = {}
    for path in files:
        try:
            template = load_template_file(path)
        except TemplateError as e:
            errors.append(e)
            continue
        text_line = _id_line(path)
        if template.id in builtin_ids:
            errors.append(TemplateError(
                t("templates.builtin_id", id=shown_value(template.id)),
                str(path), text_line,
            ))
            continue
        if template.id in seen:
            errors.append(TemplateError(
                t("templates.duplicate_id", id=shown_value(template.id), other=seen[template.id].name),
                str(path), text_line,
            ))
            continue
        seen[template.id] = path
        templates.append(template)
    return templates, errors


def _id_line(path: Path) -> int | None:
    try:
        return locate(path.read_text(encoding="utf-8-sig"), None, "id")
    except (OSError, UnicodeDecodeError):
        return None


def all_templates(store: Path | None = None) -> tuple[list[Template], list[TemplateError]]:
    """Built-in templates first, then the store's own; plus the problems found in the store."""
    templates = builtin_templates()
    if store is None:
        return templates, []
    mine, errors = user_templates(store)
    return templates + mine, errors


def get_template(template_id: str, store: Path | None = None) -> Template:
    """The template with that id. Raises ``TemplateError`` listing the ids there are."""
    templates, errors = all_templates(store)
    for template in templates:
        if template.id == template_id:
            return template
    detail = t("templates.unknown", id=clean_line(str(template_id)), ids=", ".join(tp.id for tp in templates))
    if errors:
        detail += t("templates.unreadable_count", count=len(errors))
    raise TemplateError(detail)
