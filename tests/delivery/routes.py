"""Expected personas per delivery rule and sample URL arguments (tests/core/test_route_permissions.py)."""

EXPECTED = {
    "delivery.view": {"admin", "coordinator", "pes_manager", "pzs_staff", "member_b"},
    "delivery.report": {"admin", "pes_manager", "pzs_staff", "member_b"},
    "delivery.commission": {"admin", "coordinator"},
}


def shared(world):
    """A contract of org A (where pes_manager and pzs_staff work) commissioned by the OPS (the coordinator's),
    with a report in each state, a drift alert and an import."""
    cached = getattr(world, "_delivery_shared", None)
    if cached is not None:
        return cached
    from kooperacja.delivery import services
    from kooperacja.delivery.models import DriftAlert, ReportImport
    from tests.delivery.factories import accepted, draft, make_contract, submitted

    contract = make_contract(world)
    services.rule_set(actor=None, contract_id=contract.pk, threshold_percent=10, basis="period")
    world._delivery_shared = cached = {
        "contract": contract,
        "draft": draft(world, contract, index=0),
        "submitted": submitted(world, contract, index=1, units_delivered=50),
        "accepted": accepted(world, contract, index=2),
        "job": ReportImport.objects.create(
            provider=world.org_a, file_name="r.csv", started_by=world.user("pes_manager"), status="done"
        ),
    }
    cached["alert"] = DriftAlert.objects.get(report=cached["submitted"])
    return cached


def _contract(world):
    return {"public_id": shared(world)["contract"].public_id}


def _of(key):
    return lambda world: {"public_id": shared(world)[key].public_id}


SAMPLE_KWARGS = {
    "delivery:contract": _contract,
    "delivery:contract-pdf": _contract,
    "delivery:contract-xlsx": _contract,
    "delivery:rule": _contract,
    "delivery:report-create": _contract,
    "delivery:report": _of("submitted"),
    "delivery:report-edit": _of("draft"),
    "delivery:report-submit": _of("draft"),
    "delivery:report-correct": _of("accepted"),
    "delivery:report-accept": _of("submitted"),
    "delivery:report-return": _of("submitted"),
    "delivery:alert": _of("alert"),
    "delivery:alert-acknowledge": _of("alert"),
    "delivery:alert-close": _of("alert"),
    "delivery:import": _of("job"),
    "api:delivery-report": _of("submitted"),
}
