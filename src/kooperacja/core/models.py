from django.conf import settings
from django.db import models


class TransitionEvent(models.Model):
    """One move of a workflow record (see ``core.fsm.transition``): who, when, why.

    Each workflow's event model adds the foreign key to its record and ``from_state``/``to_state`` with the
    choices of its own states; timelines in the UI are rendered from these rows.
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=500, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_state} -> {self.to_state}"
