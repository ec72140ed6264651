"""Roles a user holds in an organisation (PRODUCT.md, "Who uses it")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator of cooperation")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    PZS_STAFF = "pzs_staff", _("CIS/KIS staff")
    PES_MANAGER = "pes_manager", _("Social-economy manager")
    OWES_ADVISOR = "owes_advisor", _("OWES advisor")
    PARTNER_WORKER = "partner_worker", _("Partner-institution worker")
    REGISTER_OFFICER = "register_officer", _("Register officer (voivode's office)")
    PILOT_EXPERT = "pilot_expert", _("Pilot expert")
    QUALITY_SPECIALIST = "quality_specialist", _("Quality specialist")
    LEARNING_OUTCOMES_EXPERT = "learning_outcomes_expert", _("Learning-outcomes expert")
    ANALYST = "analyst", _("Regional or national analyst")
    CATALOGUE_EDITOR = "catalogue_editor", _("Catalogue editor")


# Roles that show no personal data: sessions of users holding only these (and no staff flag) may stay idle
# longer (SESSION_IDLE_MINUTES instead of SESSION_IDLE_MINUTES_PERSONAL_DATA).
ROLES_WITHOUT_PERSONAL_DATA = frozenset({Role.ANALYST, Role.CATALOGUE_EDITOR})
