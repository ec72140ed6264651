"""Expected personas per readiness rule and sample URL arguments (tests/core/test_route_permissions.py)."""

EXPECTED = {
    "readiness.view": {"admin", "pzs_staff", "pes_manager", "owes_advisor", "coordinator", "member_b"},
    "readiness.start": {"admin", "pzs_staff", "pes_manager", "member_b"},
    "readiness.assess": {"admin", "owes_advisor", "coordinator"},
}

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def shared(world):
    """A decision and an assessment under review (with a file) of org B, the social cooperative in Janów where
    member_b works: the other personas do not see them (404), member_b and the administrator do."""
    cached = getattr(world, "_readiness_shared", None)
    if cached is None:
        from kooperacja.readiness import evidence
        from tests.readiness import factories as f

        decision = f.make_ready(provider=world.org_b)
        assessment = f.answered(f.started(provider=world.org_b))
        file = evidence.evidence_attach(actor=None, assessment=assessment, file_name="dowod.pdf", content=PDF)
        from kooperacja.readiness import services

        services.assessment_submit(actor=None, assessment=assessment)
        cached = world._readiness_shared = {"decision": decision, "assessment": assessment, "file": file}
    return cached


def _assessment(world):
    return {"public_id": shared(world)["assessment"].public_id}


def _file(world):
    return {"public_id": shared(world)["assessment"].public_id, "file_id": shared(world)["file"].public_id}


def _decision(world):
    return {"public_id": shared(world)["decision"].public_id}


SAMPLE_KWARGS = {
    **{
        f"readiness:{name}": _assessment
        for name in (
            "assessment",
            "self-assess",
            "evidence-add",
            "submit",
            "withdraw",
            "take",
            "return",
            "visit",
            "decide",
        )
    },
    "readiness:evidence": _file,
    "readiness:evidence-delete": _file,
    **{f"readiness:{name}": _decision for name in ("decision", "letter", "decision-withdraw", "conditions-met")},
    "api:readiness-assessment": _assessment,
    "api:readiness-decision": _decision,
}
