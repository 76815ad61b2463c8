"""A new body's first session from the home screen: asked for in a form filled with Enter,
created and opened. The rules (the name, the layer, the first title) are
``facilitator.first_session``'s; this asks, says what was refused, and writes in a worker."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from facilitator.dates import format_date_input
from facilitator.i18n import t
from screens.navigation import OpenMeeting
from screens.ui_text import one_line

if TYPE_CHECKING:
    from textual.screen import Screen

    from facilitator.first_session import FirstSessionPlan
    from facilitator.model import Session
    from screens.form import FormResult
    from screens.services import Services

FIELDS = ("body", "layer", "date", "place", "template")


class NewBodyForm:
    """The form for a new body's first session, shown over ``screen``; the session is made in a
    thread worker of that screen, which then posts OpenMeeting for it."""

    def __init__(self, screen: Screen[Any], services: Services) -> None:
        self._screen = screen
        self._services = services
        self._store = services.store

    def start(self, existing_bodies: list[str]) -> None:
        """``existing_bodies``: the bodies the store has (their names are refused)."""
        from facilitator.templates import DEFAULT_TEMPLATE_ID

        self._existing = list(existing_bodies)
        today = format_date_input(self._services.now().date().isoformat())
        self._ask({"body": "", "layer": "", "date": today, "place": "", "template": DEFAULT_TEMPLATE_ID})

    def _ask(self, values: dict[str, str], focus: str | None = None) -> None:
        """The form with ``values`` in its fields, the cursor in ``focus`` (the name if None)."""
        from facilitator.first_session import LAYER_SUGGESTIONS
        from facilitator.templates import all_templates
        from screens.form import FormField, FormScreen
        from screens.home.next_session import template_choices

        templates, _ = all_templates(self._store.root)
        choices = template_choices(templates)
        fields = [
            FormField("body", t("first.field_body"), values["body"]),
            FormField("layer", t("first.field_layer"), values["layer"], suggestions=LAYER_SUGGESTIONS),
            FormField("date", t("home.field_date"), values["date"]),
            FormField("place", t("first.field_place"), values["place"]),
            FormField("template", t("home.field_template"), values["template"], options=choices, allow_blank=False),
        ]
        form = FormScreen(t("first.heading"), fields, submit_label=t("home.create_open"), focus=focus)
        self._screen.app.push_screen(form, partial(self._answered, templates))

    def _answered(self, templates: list[Any], result: FormResult | None) -> None:
        """The form's values: planned (or asked again, the cursor on the refused field)."""
        from facilitator.first_session import FirstSessionError, plan_first

        if result is None:
            return
        values = {key: result[key] for key in FIELDS}
        try:
            plan = plan_first(body=values["body"], layer=values["layer"], day=values["date"], place=values["place"],
                              template_id=values["template"], templates=templates, existing_bodies=self._existing)
        except FirstSessionError as e:
            self._refused(values, e)
            return
        self._screen.run_worker(partial(self._create, plan, values), name="_create_first",
                                group="home-first", exclusive=True, thread=True)

    def _refused(self, values: dict[str, str], error: Exception) -> None:
        self._screen.notify(one_line(str(error)), severity="error", markup=False)
        self._ask(values, getattr(error, "field", None))

    def _create(self, plan: FirstSessionPlan, values: dict[str, str]) -> None:
        """In a thread worker: the session made and saved, unless the body appeared meanwhile
        (another window made it since the form opened)."""
        from facilitator.carryover import new_session
        from facilitator.first_session import check_body_name

        try:
            there = self._store.latest_of_body(plan.body)
            if there is not None:
                try:
                    check_body_name(plan.body, [there.body.name])
                except ValueError as e:
                    self._screen.app.call_from_thread(self._refused, values, e)
                    return
            session = new_session(
                body=plan.body,
                layer=plan.layer,
                template=plan.template,
                now=self._services.now(),
                title=plan.title,
                on=plan.on,
                place=plan.place,
                session_id=self._store.unused_id(plan.on),
            )
            self._store.save(session)
        except (ValueError, OSError) as e:
            self._screen.notify(one_line(str(e)), severity="error", markup=False)
            return
        self._screen.app.call_from_thread(self._opened, session)

    def _opened(self, session: Session) -> None:
        self._screen.notify(t("home.created", title=one_line(session.title, 40)), markup=False)
        self._screen.post_message(OpenMeeting(session))
