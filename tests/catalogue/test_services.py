import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kooperacja.catalogue import selectors, services
from kooperacja.catalogue.models import ServiceCardVersion, ServiceType
from kooperacja.core.errors import ConflictError
from tests.catalogue.helpers import CARE, current_card

pytestmark = pytest.mark.django_db


def _publish(world, *, base_number=None, note="Nowa wersja.", **data):
    service_type = ServiceType.objects.get(code=CARE)
    if base_number is None:
        base_number = service_type.current_version.number
    return services.service_card_publish(
        actor=world.user("catalogue_editor"),
        service_type=service_type,
        data=data,
        base_number=base_number,
        change_note=note,
    )


def test_it_publishes_a_new_version_and_keeps_the_old_one_unchanged(world):
    old = current_card()
    old_modules = [(m.title, m.hours) for m in old.cis_modules]
    old_qualifications = list(old.qualifications.values_list("name", flat=True))

    new = _publish(world, summary="Nowe streszczenie.", note="Skrócono streszczenie.")

    assert new.number == old.number + 1
    assert new.summary == "Nowe streszczenie." and new.change_note == "Skrócono streszczenie."
    assert new.published_by == world.user("catalogue_editor")
    assert ServiceType.objects.get(code=CARE).current_version_id == new.pk
    # Untouched parts are copied into the new version as new rows.
    new = current_card()
    assert [(m.title, m.hours) for m in new.cis_modules] == old_modules
    assert {m.pk for m in new.programme_modules.all()}.isdisjoint({m.pk for m in old.programme_modules.all()})
    # The old version object, as a record holding it would load it, still has its own content.
    reloaded = selectors.service_card_get(code=CARE, number=old.number)
    assert reloaded.pk == old.pk
    assert reloaded.summary == old.summary
    assert [(m.title, m.hours) for m in reloaded.cis_modules] == old_modules
    assert list(reloaded.qualifications.values_list("name", flat=True)) == old_qualifications


def test_it_replaces_child_rows_given_in_the_data(world):
    modules = [{"title": "Moduł jedyny", "hours": 12, "learning_outcomes": "– umie"}]
    new = _publish(world, kis_modules=modules)
    new = selectors.service_card_get(code=CARE, number=new.number)
    assert [(m.title, m.hours) for m in new.kis_modules] == [("Moduł jedyny", 12)]
    assert new.kis_hours == 12
    assert new.cis_hours == 280


def test_it_refuses_a_stale_edit_and_saves_nothing(world):
    first = current_card().number
    _publish(world, summary="Pierwsza zmiana.")
    count = ServiceCardVersion.objects.count()

    with pytest.raises(ConflictError, match="published after you started"):
        _publish(world, base_number=first, summary="Druga zmiana na starej podstawie.")

    assert ServiceCardVersion.objects.count() == count
    assert current_card().summary == "Pierwsza zmiana."


def test_it_requires_a_change_note(world):
    with pytest.raises(ValidationError) as error:
        _publish(world, note="  ", summary="X")
    assert "change_note" in error.value.message_dict


def test_it_reports_invalid_rows_by_position(world):
    rows = [
        {"title": "Dobry", "hours": 5, "learning_outcomes": "x"},
        {"title": "", "hours": 0, "learning_outcomes": ""},
    ]
    with pytest.raises(ValidationError) as error:
        _publish(world, cis_modules=rows)
    assert {"cis_modules.1.title", "cis_modules.1.hours", "cis_modules.1.learning_outcomes"} <= set(
        error.value.message_dict
    )


def test_it_refuses_a_card_without_readiness_criteria(world):
    with pytest.raises(ValidationError) as error:
        _publish(world, readiness_criteria=[])
    assert "readiness_criteria" in error.value.message_dict


def test_it_refuses_to_publish_identical_content(world):
    with pytest.raises(ValidationError):
        _publish(world, summary=current_card().summary)


def test_it_refuses_a_publisher_without_the_editor_role(world):
    service_type = ServiceType.objects.get(code=CARE)
    with pytest.raises(PermissionDenied):
        services.service_card_publish(
            actor=world.user("coordinator"),
            service_type=service_type,
            data={"summary": "X"},
            base_number=service_type.current_version.number,
            change_note="X",
        )


def test_it_creates_a_new_service_type_with_version_one(world):
    card = services.card_data(current_card())
    service_type = services.service_type_create(
        actor=world.user("admin"), code="opieka-nocna", data={**card, "name": "Opieka nocna"}, change_note="Nowa karta."
    )
    version = selectors.service_card_get(code="opieka-nocna")
    assert service_type.current_version_id == version.pk
    assert version.number == 1 and version.name == "Opieka nocna"
    assert version.cis_hours == 280


def test_it_refuses_a_duplicate_or_malformed_code(world):
    card = services.card_data(current_card())
    for code in (CARE, "Zła Nazwa", "new"):
        with pytest.raises(ValidationError) as error:
            services.service_type_create(actor=world.user("admin"), code=code, data=card, change_note="X")
        assert "code" in error.value.message_dict


def test_it_records_publishing_in_the_audit_log(world):
    from auditlog.models import LogEntry

    new = _publish(world, summary="Audytowana zmiana.")
    assert LogEntry.objects.get_for_object(new).exists()


def test_it_treats_browser_line_endings_as_no_change(world):
    card = current_card()
    crlf = card.service_standard.replace("\n", "\r\n")
    assert crlf != card.service_standard
    with pytest.raises(ValidationError):
        _publish(world, service_standard=crlf)


def test_it_lists_only_current_versions_for_choices(world):
    old = current_card()
    _publish(world, summary="Nowsze.")
    versions = list(selectors.current_versions())
    assert old.pk not in {v.pk for v in versions}
    assert len(versions) == ServiceType.objects.count()
