"""Expected personas per founding rule and sample URL arguments (tests/core/test_route_permissions.py)."""

EXPECTED = {
    # Any coordinator (the selectors then decide which group: the launching organisation's) and OWES advisors
    # of an OWES; the world's OWES advisor works in a CIS, so it is not admitted to record.
    "founding.record": {"admin", "coordinator"},
    "founding.comment": {"admin", "owes_advisor"},
}


def shared(world):
    cached = getattr(world, "_founding_shared", None)
    if cached is None:
        from tests.founding import factories

        group = factories.with_model(world)
        plan = group.plan
        from kooperacja.founding import services

        services.plan_update(
            actor=world.user("coordinator"), plan=plan, data=factories.plan_data(), version=plan.version
        )
        services.plan_submit(actor=world.user("coordinator"), plan=plan, version=plan.version)
        comment = services.plan_comment_add(actor=factories.advisor(world), plan=plan, section="costs", text="Uwaga.")
        cached = world._founding_shared = {"group": group, "comment": comment, "member": group.members.first()}
    return cached


def _group(world):
    return {"public_id": shared(world)["group"].public_id}


def _member(world):
    found = shared(world)
    return {"public_id": found["group"].public_id, "member_id": found["member"].pk}


def _comment(world):
    found = shared(world)
    return {"public_id": found["group"].public_id, "comment_id": found["comment"].pk}


def _launch(world):
    return {"public_id": shared(world)["group"].launch.public_id}


SAMPLE_KWARGS = {
    "founding:group": _group,
    "founding:group-pdf": _group,
    "founding:model": _group,
    "founding:member-add": _group,
    "founding:member-leave": _member,
    "founding:steps": _group,
    "founding:plan": _group,
    "founding:plan-edit": _group,
    "founding:plan-pdf": _group,
    "founding:plan-submit": _group,
    "founding:plan-finalise": _group,
    "founding:comment-add": _group,
    "founding:plan-comments-done": _group,
    "founding:comment-resolve": _comment,
    "api:founding-of-launch": _launch,
}
