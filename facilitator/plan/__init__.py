"""The year plan made ahead (年間計画), stored as ``<store>/plans/<年度>.json``.

Readers: ``load_plan(store, fiscal_year)``, ``planned_meetings(plan, body)``,
``match_sessions(plan, sessions)`` (planned vs held). Writers: ``PlanFile`` (read, save with a
merge when someone else changed the file) and the rules in ``edit``. Merging two writers:
``merge_plans``. Exports: ``facilitator.plan.export`` (md, csv, xlsx, html). Format:
docs/plan-format.md.
"""

from __future__ import annotations

from facilitator.plan.file import PlanFile, load_plan, plan_path
from facilitator.plan.held import match_sessions, planned_meetings
from facilitator.plan.merge import merge_plans
from facilitator.plan.model import (
    PLAN_SCHEMA_VERSION,
    Lane,
    NewerPlanError,
    Plan,
    PlanFormatError,
    PlannedMeeting,
    plan_from_json,
    plan_to_json,
)

__all__ = ["PLAN_SCHEMA_VERSION", "Lane", "NewerPlanError", "Plan", "PlanFile", "PlanFormatError", "PlannedMeeting",
           "load_plan", "match_sessions", "merge_plans", "plan_from_json", "plan_path", "plan_to_json",
           "planned_meetings"]
