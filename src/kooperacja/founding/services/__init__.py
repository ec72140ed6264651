"""Every write of ``founding``: the group and its members and model, the business plan, the registration steps."""

from kooperacja.founding.services.business_plan import (
    PlanInput,
    plan_comment_add,
    plan_comment_resolve,
    plan_comments_done,
    plan_finalise,
    plan_submit,
    plan_update,
)
from kooperacja.founding.services.group import (
    active_members,
    group_create_for_launch,
    group_size_check,
    member_add_organisation,
    member_leave,
    minimum_founders,
    model_choose,
    on_founding_group_confirmed,
)
from kooperacja.founding.services.registration import StepInput, next_step, step_record

__all__ = [
    "PlanInput",
    "StepInput",
    "active_members",
    "group_create_for_launch",
    "group_size_check",
    "member_add_organisation",
    "member_leave",
    "minimum_founders",
    "model_choose",
    "next_step",
    "on_founding_group_confirmed",
    "plan_comment_add",
    "plan_comment_resolve",
    "plan_comments_done",
    "plan_finalise",
    "plan_submit",
    "plan_update",
    "step_record",
]
