from typing import Any

from django.conf import settings
from django.db import models


def model_field(model: type[models.Model] | models.Model, name: str) -> models.Field:
    """The concrete field ``name`` of ``model`` (``_meta.get_field`` also answers relations seen from the
    other side, which have no column of their own)."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field), name
    return field


def max_length(model: type[models.Model] | models.Model, name: str) -> int:
    """The ``max_length`` declared on the field ``name`` of ``model``."""
    length = model_field(model, name).max_length
    assert length is not None, name
    return length


def choice_labels(model: type[models.Model] | models.Model, name: str) -> dict[Any, Any]:
    """The labels of the choices of the field ``name`` of ``model``, by value."""
    return dict(model_field(model, name).flatchoices)


class TransitionEvent(models.Model):
    """One move of a workflow record (see ``core.fsm.transition``): who, when, why.

    Each workflow's event model adds the foreign key to its record and ``from_state``/``to_state`` with the
    choices of its own states; timelines in the UI are rendered from these rows.
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)
    # Declared by each concrete event model with the choices of its own states.
    from_state: str
    to_state: str

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} -> {self.to_state}"
