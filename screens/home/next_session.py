"""A body's next session from the home screen: planned, asked for in a form, created and opened."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from facilitator.dates import format_date_input, parse_date
from facilitator.i18n import t
from screens.navigation import OpenMeeting
from screens.ui_text import one_line

if TYPE_CHECKING:
    from textual.screen import Screen

    from facilitator.model import Session
    from facilitator.templates import Template
    from screens.services import Services


class NextSessionForm:
    """The form for the next session, shown over ``screen``; the session is created in a thread
    worker of that screen, which then posts OpenMeeting for it."""

    def __init__(self, screen: Screen[Any], services: Services) -> None:
        self._screen = screen
        self._services = services
        self._store = services.store
        self._theme = ""
        self._created: Callable[[Session], None] | None = None

    def start(self, body_rows: list[dict[str, Any]], *, body: str | None = None, on: date | None = None,
              theme: str = "", created: Callable[[Session], None] | None = None) -> None:
        """``body_rows``: the body's sessions in the index, newest first (may be empty when
        ``body`` is given). From the year plan: ``on`` the planned date, ``theme`` added to the
        proposed title, ``created`` told of the new session (on the UI thread) before it opens."""
        from facilitator.next_session import PastSession, plan_next
        from facilitator.templates import all_templates

        past = [PastSession(template=r.get("template") or "", date=r.get("date") or "",
                            next_date=(r.get("next_meeting") or {}).get("date"))
                for r in reversed(body_rows)]
        templates, _ = all_templates(self._store.root)
        plan = plan_next(past, templates, self._services.now().date())
        self._theme = theme
        self._created = created
        name = body if body is not None else body_rows[0]["body"]
        self._ask(name, format_date_input((on or plan.on).isoformat()), None, plan.template_id, plan.number)

    def _ask(self, body: str, day: str, title: str | None, template_id: str, number: int) -> None:
        """The form; ``title`` None: the template's default title, which follows the template
        chosen until the SC types a title of their own. A bad date or no title: asked again."""
        from facilitator.next_session import default_title as template_title
        from facilitator.plan.edit import session_title
        from facilitator.templates import all_templates
        from screens.form import FormField, FormScreen

        def default_title(template: Template, number: int) -> str:
            """The template's title, then the planned meeting's theme (from the year plan)."""
            return session_title(template_title(template, number), self._theme)

        templates, _ = all_templates(self._store.root)
        by_id = {x.id: x for x in templates}
        proposed = default_title(by_id[template_id], number) if template_id in by_id else ""
        choices = template_choices(templates)
        fields = [
            FormField("date", t("home.field_date"), day),
            FormField("title", t("home.field_title"), proposed if title is None else title),
            FormField("template", t("home.field_template"), template_id, options=choices, allow_blank=False),
        ]

        def done(result) -> None:  # type: ignore[no-untyped-def]
            if result is None:
                return
            chosen = result["template"] or template_id
            typed = one_line(result["title"])
            own_title = None if typed == proposed else result["title"]  # the default follows the template
            try:
                on = parse_date(result["date"])
            except ValueError as e:
                self._screen.notify(one_line(str(e)), severity="error", markup=False)
                self._ask(body, result["date"], own_title, chosen, number)
                return
            if not typed:
                self._screen.notify(t("home.need_title"), severity="error", markup=False)
                self._ask(body, result["date"], result["title"], chosen, number)
                return
            template = by_id.get(chosen)
            title_value = default_title(template, number) if own_title is None and template else typed
            self._screen.run_worker(partial(self._create, body, on, title_value, chosen), name="_create_next",
                                    group="home-next", exclusive=True, thread=True)

        heading = t("home.next_heading", body=one_line(body, 40))
        self._screen.app.push_screen(FormScreen(heading, fields, submit_label=t("home.create_open")), done)

    def _create(self, body: str, on: date, title: str, template_id: str) -> None:
        """In a thread worker: the session made (carrying over from the body's latest) and saved."""
        from facilitator.carryover import new_session
        from facilitator.templates import DEFAULT_TEMPLATE_ID, TemplateError, get_template

        try:
            previous = self._store.latest_of_body(body)
            try:
                template = get_template(template_id, self._store.root)
            except TemplateError:
                template = get_template(DEFAULT_TEMPLATE_ID, self._store.root)
            session = new_session(
                body=previous.body.name if previous else body,
                template=template,
                now=self._services.now(),
                title=title,
                on=on,
                previous=previous,
                session_id=self._store.unused_id(on),
            )
            self._store.save(session)
        except (ValueError, OSError) as e:
            message = one_line(str(e))
            self._screen.notify(message, severity="error", markup=False)
            return
        self._screen.app.call_from_thread(self._opened, session)

    def _opened(self, session: Session) -> None:
        if self._created is not None:
            self._created(session)
        self._screen.notify(t("home.created", title=one_line(session.title, 40)), markup=False)
        self._screen.post_message(OpenMeeting(session))


def template_choices(templates: list[Template]) -> list[tuple[str, str]]:
    """The template field's options: 「C町方式（定例）（7ステップ・90分）」 and its id."""
    return [(t("home.template_choice", title=x.title, steps=len(x.steps), minutes=f"{x.total_minutes:g}"), x.id)
            for x in templates]
