"""A template file read and checked: TOML parsed, every key validated, errors that name the file and line."""

from __future__ import annotations

import math
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from facilitator.i18n import t
from facilitator.templates.lines import locate
from facilitator.templates.model import PANELS, Template, TemplateError, TemplateStep
from facilitator.text import clean, clean_line

_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_TOP_KEYS = ("id", "title", "description", "numbered", "steps")
_STEP_KEYS = ("id", "title", "panel", "purpose", "minutes", "prompts", "notes")
_MAX_MINUTES = 24 * 60
_STEPS_TABLE = "[[steps]]"
# A template is a page of TOML; a file far larger is not one, and is refused unread.
MAX_TEMPLATE_BYTES = 1024 * 1024  # TOML syntax in messages: a parameter, so the catalogue holds no [tags]


def shown_value(value: Any, limit: int = 30) -> str:
    """A value as a message quotes it: a string in quotes, cut; a table or an array named."""
    if isinstance(value, str):
        shown = clean_line(value)
        if len(shown) > limit:
            shown = shown[: limit - 1] + "…"
        return f'"{shown}"'
    if isinstance(value, dict):
        return t("templates.a_table")
    if isinstance(value, list):
        return t("templates.an_array")
    return clean_line(str(value))[:limit]


class _Checker:
    """Validates the parsed TOML of one file; a problem raises TemplateError at its line."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source

    def fail(self, detail: str, step: int | None = None, key: str | None = None) -> TemplateError:
        return TemplateError(detail, self.source, locate(self.text, step, key))

    def string(
        self, table: dict[str, Any], key: str, where: str, step: int | None, *,
        required: bool = True, single_line: bool = True, allow_empty: bool = False,
    ) -> str:
        if key not in table:
            if required:
                raise self.fail(t("templates.missing", where=where, key=key), step)
            return ""
        value = table[key]
        if not isinstance(value, str):
            raise self.fail(t("templates.not_string", where=where, key=key, value=shown_value(value)), step, key)
        cleaned = clean_line(value) if single_line else clean(value).strip()
        if not cleaned and not allow_empty:
            raise self.fail(t("templates.empty", where=where, key=key), step, key)
        return cleaned

    def ident(self, table: dict[str, Any], where: str, step: int | None) -> str:
        value = self.string(table, "id", where, step)
        if not _ID.match(value):
            raise self.fail(t("templates.bad_id", where=where, value=shown_value(value)), step, "id")
        return value

    def unknown_keys(self, table: dict[str, Any], allowed: tuple[str, ...], where: str, step: int | None) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(
                    t("templates.unknown_key", where=where, key=key, allowed=", ".join(allowed)), step, key
                )

    def step(self, raw: Any, index: int) -> TemplateStep:
        where = f"steps[{index + 1}]."
        if not isinstance(raw, dict):
            raise self.fail(t("templates.step_not_table", n=index + 1, table=_STEPS_TABLE), index)
        self.unknown_keys(raw, _STEP_KEYS, where, index)
        step_id = self.ident(raw, where, index)
        title = self.string(raw, "title", where, index)
        if "panel" not in raw:
            raise self.fail(t("templates.no_panel", where=where, panels=", ".join(PANELS)), index)
        panel = raw["panel"]
        if not isinstance(panel, str) or panel not in PANELS:
            raise self.fail(t("templates.bad_panel", where=where, value=shown_value(panel), panels=", ".join(PANELS)), index, "panel")
        purpose = self.string(raw, "purpose", where, index)
        if "minutes" not in raw:
            raise self.fail(t("templates.no_minutes", where=where), index)
        minutes = raw["minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, (int, float)):
            raise self.fail(t("templates.minutes_not_number", where=where, value=shown_value(minutes)), index, "minutes")
        if not math.isfinite(minutes) or minutes <= 0 or minutes > _MAX_MINUTES:
            raise self.fail(t("templates.minutes_range", where=where, value=shown_value(minutes)), index, "minutes")
        if "prompts" not in raw:
            raise self.fail(t("templates.no_prompts", where=where), index)
        prompts_raw = raw["prompts"]
        if not isinstance(prompts_raw, list):
            raise self.fail(t("templates.prompts_not_list", where=where), index, "prompts")
        prompts: list[str] = []
        for n, p in enumerate(prompts_raw, start=1):
            if not isinstance(p, str):
                raise self.fail(t("templates.prompt_not_string", where=where, n=n, value=shown_value(p)), index, "prompts")
            if not clean_line(p):
                raise self.fail(t("templates.prompt_empty", where=where, n=n), index, "prompts")
            prompts.append(clean_line(p))
        notes = self.string(raw, "notes", where, index, required=False, single_line=False, allow_empty=True)
        return TemplateStep(
            id=step_id, title=title, panel=panel, purpose=purpose, minutes=minutes,
            prompts=tuple(prompts), notes=notes,
        )

    def template(self, data: dict[str, Any]) -> Template:
        self.unknown_keys(data, _TOP_KEYS, "", None)
        template_id = self.ident(data, "", None)
        title = self.string(data, "title", "", None)
        description = self.string(data, "description", "", None, required=False, single_line=False,
                                  allow_empty=True)
        numbered = data.get("numbered", True)
        if not isinstance(numbered, bool):
            raise self.fail(t("templates.numbered_not_bool", value=shown_value(numbered)), None, "numbered")
        raw_steps = data.get("steps")
        if raw_steps is None or raw_steps == []:
            raise self.fail(t("templates.no_steps", table=_STEPS_TABLE), None, "steps")
        if not isinstance(raw_steps, list):
            raise self.fail(t("templates.steps_not_list", table=_STEPS_TABLE), None, "steps")
        steps: list[TemplateStep] = []
        seen: dict[str, int] = {}
        for index, raw in enumerate(raw_steps):
            step = self.step(raw, index)
            if step.id in seen:
                raise self.fail(
                    t("templates.duplicate_step", n=index + 1, id=shown_value(step.id), first=seen[step.id] + 1),
                    index, "id",
                )
            seen[step.id] = index
            steps.append(step)
        return Template(id=template_id, title=title, description=description, steps=tuple(steps),
                        source=self.source, numbered=numbered)


_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column \d+\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def load_template_text(text: str, source: str) -> Template:
    """Parse and validate one template. ``source`` is the file path or ``"built-in"``.

    Raises ``TemplateError`` naming the file and (when it can be found) the line. Step numbers
    in messages (``steps[2]``) count from 1, the second ``[[steps]]`` table of the file.
    """
    if text.startswith("\ufeff"):  # a BOM from Windows Notepad
        text = text[1:]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        line: int | None = None
        m = _TOML_POSITION.search(message)
        if m:
            line = int(m.group(1))
            message = message[: m.start()]
        elif _TOML_END.search(message):
            message = _TOML_END.sub("", message)
            line = text.count("\n") + 1
        raise TemplateError(t("templates.toml_error", message=message), source, line) from None
    except (RecursionError, MemoryError):  # x = [[[[…]]]] nested 100,000 deep
        raise TemplateError(t("templates.too_deep"), source) from None
    try:
        return _Checker(text, source).template(data)
    except RecursionError:  # pragma: no cover - tomllib refuses such nesting first
        raise TemplateError(t("templates.too_deep"), source) from None


def load_template_file(path: Path) -> Template:
    """Read a template file (UTF-8, a BOM tolerated). Raises ``TemplateError``."""
    source = str(path)
    try:
        with open(path, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > MAX_TEMPLATE_BYTES:
                raise TemplateError(t("templates.too_large", size=f"{size / 1048576:.0f} MB",
                                      limit=f"{MAX_TEMPLATE_BYTES // 1048576} MB"), source)
            raw = f.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as e:
        raise TemplateError(t("templates.unreadable", error=e.strerror or e), source) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise TemplateError(t("templates.not_utf8"), source, line) from None
    return load_template_text(text, source)
