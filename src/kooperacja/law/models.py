"""Dated law: the parameters that statutes set (hours, periods, amounts), each valid for a range of dates.

Rules change on the day a law enters into force, and records keep the rule that applied on their own date,
so a parameter is never edited in place: a change is a new row with a later ``valid_from``.
"""

from auditlog.registry import auditlog
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatutoryParameter(models.Model):
    """A legal parameter in force for a date range, with its legal basis and what is assumed about it."""

    code = models.CharField(_("code"), max_length=60, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40)
    # The day the rule entered into force (not the day the law was adopted).
    valid_from = models.DateField(_("in force from"))
    valid_to = models.DateField(_("in force to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=500)
    # What the value rests on where the text of the law could not be checked: shown wherever the rule applies.
    assumption = models.TextField(_("what is assumed"), blank=True)

    class Meta:
        verbose_name = _("statutory parameter")
        verbose_name_plural = _("statutory parameters")
        ordering = ["code", "valid_from"]
        constraints = [models.UniqueConstraint(fields=["code", "valid_from"], name="parameter_unique_start")]

    def __str__(self) -> str:
        return f"{self.code} = {self.value} {self.unit} ({self.valid_from})"


auditlog.register(StatutoryParameter)
