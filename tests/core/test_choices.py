"""Choice labels are looked up, not rebuilt on every call, and read exactly as Django's own method reads them."""

from functools import partialmethod

import pytest
from django.apps import apps
from django.utils import translation

from kooperacja.registry.models import Organisation, OrganisationKind


def _fields_with_choices():
    for model in apps.get_models():
        if model.__module__.startswith("kooperacja."):
            for field in model._meta.concrete_fields:
                if field.choices is not None:
                    yield model, field


def test_every_field_with_choices_of_the_product_reads_its_label_the_fast_way():
    fields = list(_fields_with_choices())
    assert len(fields) > 20
    slow = [
        f"{model.__name__}.{field.name}"
        for model, field in fields
        if isinstance(vars(model).get(f"get_{field.name}_display"), partialmethod)
    ]
    assert slow == []


@pytest.mark.parametrize("language", ["pl", "en"])
def test_it_gives_the_label_django_gives_in_the_active_language(language):
    with translation.override(language):
        for model, field in _fields_with_choices():
            for value, _label in field.flatchoices:
                instance = model(**{field.attname: value})
                fast = getattr(instance, f"get_{field.name}_display")()
                assert fast == instance._get_FIELD_display(field), (model, field.name, value)


def test_it_shows_a_value_outside_the_choices_as_it_is():
    assert Organisation(kind="nieznany").get_kind_display() == "nieznany"
    with translation.override("pl"):
        assert Organisation(kind=OrganisationKind.CIS).get_kind_display() == "Centrum integracji społecznej (CIS)"
