"""The year plan screen's forms: planning a meeting in a cell, editing or removing one, a
month's 備考, a new column, and making a planned meeting a session. The rules are
``facilitator.plan.edit``; this module asks, calls them and hands the changed plan back to the
screen (``YearPlanScreen.changed``), which draws and saves it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from facilitator.dates import format_date_input, parse_date
from facilitator.i18n import t
from facilitator.plan import Plan
from facilitator.plan.edit import (
    PlanRuleError,
    add_lane,
    add_meeting,
    ensure_lanes,
    lane_of_body,
    link_session,
    remove_meeting,
    set_note,
    update_meeting,
)
from facilitator.text import body_key
from screens.ui_text import one_line

if TYPE_CHECKING:
    from facilitator.model import Session
    from facilitator.plan.year import PlanColumn, PlanEntry
    from screens.home.year_plan import YearPlanScreen


def _day(text: str) -> str | None:
    """A typed date (lenient: 2026/8/19, 令和8年8月19日 …) as ISO; empty: None (未定)."""
    text = text.strip()
    return parse_date(text).isoformat() if text else None


class PlanEditor:
    def __init__(self, screen: YearPlanScreen) -> None:
        self.screen = screen

    # -- helpers ---------------------------------------------------------------------------

    def _plan(self) -> Plan | None:
        """A copy of the plan made ahead to change, or None (said why) while it can't be."""
        s = self.screen
        if s.problem:
            s.notify(one_line(t("plan.unreadable", error=s.problem)), severity="error", markup=False)
            return None
        if s.made is None:
            return None  # still reading
        return copy.deepcopy(s.made)

    def _try(self, plan: Plan, change: Callable[[], Any], message: str = "") -> bool:
        try:
            change()
        except (PlanRuleError, ValueError) as e:
            self.screen.notify(one_line(str(e)), severity="error", markup=False)
            return False
        self.screen.changed(plan, message)
        return True

    def _column(self) -> tuple[str, PlanColumn] | None:
        where = self.screen.here()
        if where is None or where[1] is None:
            plan = self.screen.plan
            empty = plan is None or not plan.columns
            self.screen.notify(t("plan.no_column") if empty else t("plan.nothing_here"), markup=False)
            return None
        return where[0].key, where[1]

    def _pick(self, title: str, entries: list[PlanEntry], then: Callable[[PlanEntry], None]) -> None:
        """One of the cell's planned meetings: the only one, or chosen from a list."""
        if not entries:
            self.screen.notify(t("plan.nothing_here"), markup=False)
            return
        if len(entries) == 1:
            then(entries[0])
            return
        from screens.pick import PickScreen

        by_id = {e.plan_id: e for e in entries}

        def chosen(result) -> None:  # type: ignore[no-untyped-def]
            if result and result.values:
                then(by_id[result.values[0]])

        options = [(one_line(e.heading(), 60), e.plan_id) for e in entries]
        self.screen.app.push_screen(PickScreen(title, options), chosen)

    def _keep_columns(self, plan: Plan) -> None:
        """The bodies shown without a lane get one, in the order shown, so that a column the plan
        gains never moves the others."""
        shown = self.screen.plan.columns if self.screen.plan is not None else ()
        ensure_lanes(plan, [(c.name, c.layer or None) for c in shown if c.kind == "body" and not c.lane_id])

    def _planned_here(self) -> list[PlanEntry]:
        return [e for e in self.screen.entries_here() if e.plan_id]

    def _form(self, heading: str, fields: list[Any], done: Callable[[dict[str, str]], None]) -> None:
        from screens.form import FormScreen

        def back(result) -> None:  # type: ignore[no-untyped-def]
            if result is not None:
                done(dict(result.values))

        self.screen.app.push_screen(FormScreen(heading, fields), back)

    def _meeting_fields(self, theme: str = "", day: str | None = None, start: str | None = None,
                        place: str | None = None) -> list[Any]:
        from screens.form import FormField

        return [FormField("theme", t("plan.field_theme"), theme),
                FormField("date", t("plan.field_date"), format_date_input(day) if day else ""),
                FormField("start_time", t("plan.field_time"), start or ""),
                FormField("place", t("plan.field_place"), place or "")]

    # -- commands --------------------------------------------------------------------------

    def add(self) -> None:
        at = self._column()
        if at is None or self._plan() is None:
            return
        month, column = at
        heading = t("plan.add_heading", month=_month(month), lane=one_line(column.name, 30))

        def done(v: dict[str, str]) -> None:
            plan = self._plan()
            if plan is None:
                return

            def change() -> None:
                self._keep_columns(plan)
                lane = plan.lane(column.lane_id) if column.lane_id else lane_of_body(plan, column.name)
                assert lane is not None
                add_meeting(plan, lane.id, month, v["theme"], day=_day(v["date"]), start_time=v["start_time"],
                            place=v["place"])

            self._try(plan, change)

        self._form(heading, self._meeting_fields(), done)

    def edit(self) -> None:
        at = self._column()
        if at is None or self._plan() is None:
            return
        month, column = at

        def one(entry: PlanEntry) -> None:
            made = self.screen.made
            m = made.meeting(entry.plan_id) if made is not None else None
            if m is None:
                self.screen.notify(t("plan.no_meeting"), severity="error", markup=False)
                return
            heading = t("plan.edit_heading", month=_month(month), lane=one_line(column.name, 30))

            def done(v: dict[str, str]) -> None:
                plan = self._plan()
                if plan is not None:
                    self._try(plan, lambda: update_meeting(plan, m.id, theme=v["theme"], day=_day(v["date"]),
                                                           start_time=v["start_time"], place=v["place"]))

            self._form(heading, self._meeting_fields(m.theme, m.date, m.start_time, m.place), done)

        self._pick(t("plan.pick_edit"), self._planned_here(), one)

    def remove(self) -> None:
        if self._column() is None or self._plan() is None:
            return

        def one(entry: PlanEntry) -> None:
            plan = self._plan()
            if plan is not None:
                what = entry.theme or t("plan.untitled")
                self._try(plan, lambda: remove_meeting(plan, entry.plan_id), t("plan.removed", what=what))

        self._pick(t("plan.pick_remove"), self._planned_here(), one)

    def note(self) -> None:
        where = self.screen.here()
        made = self._plan()
        if where is None or made is None:
            return
        month = where[0].key
        from screens.form import FormField

        fields = [FormField("note", t("plan.field_note"), made.notes.get(month, ""), multiline=True)]

        def done(v: dict[str, str]) -> None:
            plan = self._plan()
            if plan is not None and plan.notes.get(month, "") != v["note"].strip():
                self._try(plan, lambda: set_note(plan, month, v["note"]))

        self._form(t("plan.note_heading", month=_month(month)), fields, done)

    def lane(self) -> None:
        if self._plan() is None:
            return
        from screens.form import FormField

        kinds = [(t("plan.kind_body"), "body"), (t("plan.kind_event"), "event")]
        fields = [FormField("name", t("plan.field_name")),
                  FormField("kind", t("plan.field_kind"), "body", options=kinds, allow_blank=False),
                  FormField("layer", t("plan.field_layer"))]

        def done(v: dict[str, str]) -> None:
            plan = self._plan()
            if plan is None:
                return
            self._keep_columns(plan)
            self._try(plan, lambda: add_lane(plan, v["name"], v["kind"] or "body", v["layer"]))

        self._form(t("plan.lane_heading"), fields, done)

    def create(self) -> None:
        at = self._column()
        if at is None or self._plan() is None:
            return
        _, column = at
        if column.kind != "body":
            self.screen.notify(t("plan.event_no_session"), severity="warning", markup=False)
            return

        def one(entry: PlanEntry) -> None:
            if entry.kind in ("held", "scheduled"):
                self.screen.notify(t("plan.already_held", title=one_line(entry.title, 40)), markup=False)
                return
            self._start(column, entry)

        self._pick(t("plan.pick_create"), self._planned_here(), one)

    def _start(self, column: PlanColumn, entry: PlanEntry) -> None:
        from screens.home.next_session import NextSessionForm

        key = body_key(column.name)
        rows = sorted((r for r in self.screen.rows if (r.get("body_key") or body_key(r.get("body") or "")) == key
                       and r.get("status", "ok") == "ok"),
                      key=lambda r: (r.get("date") or "", r.get("created_at") or ""), reverse=True)
        plan_id = entry.plan_id

        def created(session: Session) -> None:
            self.screen.rows.append({"id": session.id, "body": session.body.name, "layer": session.body.layer,
                                     "title": session.title, "date": session.date, "status": "ok",
                                     "created_at": session.created_at, "template": session.template})
            plan = self._plan()
            if plan is not None:
                self._try(plan, lambda: link_session(plan, plan_id, session.id, session.date))

        form = NextSessionForm(self.screen, self.screen.services)
        form.start(rows, body=rows[0]["body"] if rows else column.name, on=entry.day, theme=entry.theme,
                   created=created)


def _month(key: str) -> str:
    """``2026-08`` → ``2026年8月`` / ``Aug 2026``."""
    from facilitator.dates import format_month

    return t("plan.month", year=key[:4], month=format_month(int(key[5:7])))
