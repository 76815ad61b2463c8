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
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from facilitator.i18n import t
from facilitator.text import clean, clean_line

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

# Which screen panel runs a step.
PANELS: tuple[str, ...] = ("recap", "issues", "consult", "ideas", "handoff", "text", "close", "board")
DEFAULT_TEMPLATE_ID = "c-town"
BUILTIN_SOURCE = "built-in"
USER_TEMPLATE_DIR = "templates"

_ID = re.compile(r"^[A-Za-z0-9_-]+$")
_TOP_KEYS = ("id", "title", "description", "numbered", "steps")
_STEP_KEYS = ("id", "title", "panel", "purpose", "minutes", "prompts", "notes")
_MAX_MINUTES = 24 * 60
_STEPS_TABLE = "[[steps]]"  # TOML syntax in messages: a parameter, so the catalogue holds no [tags]


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


# --- finding the line of a problem ---------------------------------------------------------

_STEPS_HEADER = re.compile(r"""^\s*\[\[\s*(?:steps|"steps"|'steps')\s*\]\]\s*(?:#.*)?$""")
_ANY_HEADER = re.compile(r"""^\s*\[\[?\s*[A-Za-z0-9_\-."' ]+\s*\]\]?\s*(?:#.*)?$""")


def _key_pattern(key: str) -> re.Pattern[str]:
    k = re.escape(key)
    return re.compile(rf"""^\s*(?:{k}|"{k}"|'{k}')\s*=""")


def _code_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, line) for lines outside multi-line strings (best effort).

    Lines are split on "\\n" only, as TOML (and tomllib's error positions) count them.
    """
    out: list[tuple[int, str]] = []
    inside: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if inside is None:
            out.append((number, line))
        for quote in ('"""', "'''"):
            if inside in (None, quote) and line.count(quote) % 2 == 1:
                inside = quote if inside is None else None
                break
    return out


def _locate(text: str, step_index: int | None = None, key: str | None = None) -> int | None:
    """The line of a top-level ``key``, of the ``step_index``-th ``[[steps]]`` table (0-based),
    or of ``key`` inside that table; falls back to the table header, then to ``steps =``."""
    lines = _code_lines(text)
    headers = [i for i, (_, line) in enumerate(lines) if _STEPS_HEADER.match(line)]

    def top_level(name: str) -> int | None:
        pattern = _key_pattern(name)
        for number, line in lines:
            if _ANY_HEADER.match(line):
                break
            if pattern.match(line):
                return number
        return None

    if step_index is None:
        if key is None:
            return None
        found = top_level(key)
        if found is None and key == "steps" and headers:
            return lines[headers[0]][0]
        return found

    if step_index >= len(headers):
        return top_level("steps")  # steps = [ {...}, ... ] written inline
    start = headers[step_index]
    if key is not None:
        pattern = _key_pattern(key)
        for number, line in lines[start + 1:]:
            if _ANY_HEADER.match(line):
                break
            if pattern.match(line):
                return number
    return lines[start][0]


# --- validation ----------------------------------------------------------------------------


def _show(value: Any, limit: int = 30) -> str:
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
    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source

    def fail(self, detail: str, step: int | None = None, key: str | None = None) -> TemplateError:
        return TemplateError(detail, self.source, _locate(self.text, step, key))

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
            raise self.fail(t("templates.not_string", where=where, key=key, value=_show(value)), step, key)
        cleaned = clean_line(value) if single_line else clean(value).strip()
        if not cleaned and not allow_empty:
            raise self.fail(t("templates.empty", where=where, key=key), step, key)
        return cleaned

    def ident(self, table: dict[str, Any], where: str, step: int | None) -> str:
        value = self.string(table, "id", where, step)
        if not _ID.match(value):
            raise self.fail(t("templates.bad_id", where=where, value=_show(value)), step, "id")
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
            raise self.fail(t("templates.bad_panel", where=where, value=_show(panel), panels=", ".join(PANELS)), index, "panel")
        purpose = self.string(raw, "purpose", where, index)
        if "minutes" not in raw:
            raise self.fail(t("templates.no_minutes", where=where), index)
        minutes = raw["minutes"]
        if isinstance(minutes, bool) or not isinstance(minutes, (int, float)):
            raise self.fail(t("templates.minutes_not_number", where=where, value=_show(minutes)), index, "minutes")
        if not math.isfinite(minutes) or minutes <= 0 or minutes > _MAX_MINUTES:
            raise self.fail(t("templates.minutes_range", where=where, value=_show(minutes)), index, "minutes")
        if "prompts" not in raw:
            raise self.fail(t("templates.no_prompts", where=where), index)
        prompts_raw = raw["prompts"]
        if not isinstance(prompts_raw, list):
            raise self.fail(t("templates.prompts_not_list", where=where), index, "prompts")
        prompts: list[str] = []
        for n, p in enumerate(prompts_raw, start=1):
            if not isinstance(p, str):
                raise self.fail(t("templates.prompt_not_string", where=where, n=n, value=_show(p)), index, "prompts")
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
            raise self.fail(t("templates.numbered_not_bool", value=_show(numbered)), None, "numbered")
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
                    t("templates.duplicate_step", n=index + 1, id=_show(step.id), first=seen[step.id] + 1),
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
    return _Checker(text, source).template(data)


def load_template_file(path: Path) -> Template:
    """Read a template file (UTF-8, a BOM tolerated). Raises ``TemplateError``."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise TemplateError(t("templates.unreadable", error=e.strerror or e), source) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise TemplateError(t("templates.not_utf8"), source, line) from None
    return load_template_text(text, source)


# --- where templates come from -------------------------------------------------------------


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
                t("templates.builtin_id", id=_show(template.id)),
                str(path), text_line,
            ))
            continue
        if template.id in seen:
            errors.append(TemplateError(
                t("templates.duplicate_id", id=_show(template.id), other=seen[template.id].name),
                str(path), text_line,
            ))
            continue
        seen[template.id] = path
        templates.append(template)
    return templates, errors


def _id_line(path: Path) -> int | None:
    try:
        return _locate(path.read_text(encoding="utf-8-sig"), None, "id")
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
