"""Expected personas per training rule and sample URL arguments (tests/core/test_route_permissions.py)."""

from kooperacja.accounts.roles import Role

_ALL_ROLES = {role.value for role in Role}
_SIGNED_IN = _ALL_ROLES | {"member_b", "no_membership", "admin"}

EXPECTED = {
    "training.view_parameters": _SIGNED_IN,
    "training.view_programmes": _SIGNED_IN,
    "training.edit_programmes": {"admin", "pzs_staff"},
    "training.manage_participants": {"admin", "pzs_staff", "social_worker"},
    "training.import_participants": {"admin", "pzs_staff"},
    "training.extend_participations": {"admin", "pzs_staff"},
    "training.import_data": {"admin", "pzs_staff", "pes_manager", "member_b"},
}


def shared(world):
    """A programme, cohort, participation and import jobs of org A (a CIS) where pzs_staff works."""
    cached = getattr(world, "_training_shared", None)
    if cached is not None:
        return cached
    from kooperacja.training.models import ImportJob
    from tests.training.factories import enrol, make_cohort, make_programme

    staff = world.user("pzs_staff")
    programme = make_programme(actor=staff, organisation=world.org_a)
    cohort = make_cohort(actor=staff, programme=programme)
    participation = enrol(actor=staff, organisation=world.org_a)
    job = ImportJob.objects.create(
        kind="participants", organisation=world.org_a, file_name="a.csv", started_by=staff, status="done"
    )
    # Every persona admitted by training.import_data may upload needs for org A (or does not see the job).
    failed = ImportJob.objects.create(
        kind="needs", organisation=world.org_a, file_name="n.csv", started_by=staff, status="failed"
    )
    world._training_shared = {
        "programme": programme,
        "cohort": cohort,
        "participation": participation,
        "job": job,
        "failed_job": failed,
    }
    return world._training_shared


def _programme(world):
    return {"public_id": shared(world)["programme"].public_id}


def _cohort(world):
    return {"public_id": shared(world)["cohort"].public_id}


def _participation(world):
    return {"public_id": shared(world)["participation"].public_id}


def _job(world):
    return {"public_id": shared(world)["job"].public_id}


def _failed_job(world):
    return {"public_id": shared(world)["failed_job"].public_id}


SAMPLE_KWARGS = {
    "training:programme-detail": _programme,
    "training:cohort-create": _programme,
    "training:cohort-detail": _cohort,
    "training:cohort-edit": _cohort,
    "training:cohort-plan-lines": _cohort,
    "training:participant-detail": _participation,
    "training:participant-attendance": _participation,
    "training:participant-disability": _participation,
    "training:participant-person": _participation,
    "training:participant-transition": _participation,
    "training:participant-consent": _participation,
    "training:participant-extend": _participation,
    "training:participant-eligibility": _participation,
    "training:participant-cohort": _participation,
    "training:participant-module": _participation,
    "training:participant-course": _participation,
    "training:participant-qualification": _participation,
    "training:participant-outcome": _participation,
    "training:participant-outcome-follow-up": _participation,
    "training:import-template": lambda world: {"kind": "participants"},
    "training:import-detail": _job,
    "training:import-restart": _failed_job,
    "api:training-cohort": _cohort,
    "api:training-participant": _participation,
    "api:training-participant-attendance": _participation,
    "api:training-participant-extensions": _participation,
    "api:training-participant-outcome": _participation,
    "api:training-participant-outcome-follow-ups": _participation,
    "api:training-participant-courses": _participation,
    "api:training-participant-qualifications": _participation,
}
