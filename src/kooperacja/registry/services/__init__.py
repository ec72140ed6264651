"""Writes to the registry. Web views, the API, the admin and commands all go through these functions,
grouped by topic in the modules of this package."""

from kooperacja.registry.services.common import REACH_FIELDS, REACH_LOCKED_MESSAGE, reach_change_record, reason_clean
from kooperacja.registry.services.members import membership_grant, membership_revoke
from kooperacja.registry.services.organisations import (
    organisation_create,
    organisation_reach_change,
    organisation_update,
)
from kooperacja.registry.services.places import (
    contact_create,
    contact_delete,
    contact_update,
    workshop_create,
    workshop_delete,
    workshop_update,
)
from kooperacja.registry.services.register import (
    cis_status_end,
    register_term_end,
    register_term_extend,
    register_term_grant,
    social_enterprise_decision_record,
    social_enterprise_grant,
    social_enterprise_revoke,
)

__all__ = [
    "REACH_FIELDS",
    "REACH_LOCKED_MESSAGE",
    "cis_status_end",
    "contact_create",
    "contact_delete",
    "contact_update",
    "membership_grant",
    "membership_revoke",
    "organisation_create",
    "organisation_reach_change",
    "organisation_update",
    "reach_change_record",
    "reason_clean",
    "register_term_end",
    "register_term_extend",
    "register_term_grant",
    "social_enterprise_grant",
    "social_enterprise_decision_record",
    "social_enterprise_revoke",
    "workshop_create",
    "workshop_delete",
    "workshop_update",
]
