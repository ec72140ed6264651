"""The audit log in the reader's language: the purposes of reads and the names of fields, as the pages name them
(the log itself stores code names, the same in every language)."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

# Every purpose a selector declares with ``audit.reads.shows_personal_data(purpose=...)``; a test checks that none
# is missing.
PURPOSE_LABELS = {
    "founding group members": _("founding group members"),
    "admission referral document": _("admission referral document"),
    "admission referral draft": _("admission referral draft"),
    "admission referral": _("admission referral"),
    "admission referrals received": _("admission referrals received"),
    "admission referrals sent": _("admission referrals sent"),
    "attendance form": _("attendance form"),
    "attendance grid": _("attendance grid"),
    "candidates for a launch": _("candidates for a launch"),
    "cohort participants": _("cohort participants"),
    "contact person edit": _("contact person edit"),
    "eligibility check": _("eligibility check"),
    "enrolment from a referral": _("enrolment from a referral"),
    "enrolment: data held": _("enrolment: data held"),
    "exit outcome": _("exit outcome"),
    "extension form": _("extension form"),
    "hiring profile for a provider": _("hiring profile for a provider"),
    "an application to a launch": _("an application to a launch"),
    "applications to a launch": _("applications to a launch"),
    "individual programme": _("individual programme"),
    "integration benefit list": _("integration benefit list"),
    "matching run": _("matching run"),
    "organisation detail": _("organisation detail"),
    "organisation members": _("organisation members"),
    "outcome follow-ups": _("outcome follow-ups"),
    "participant page": _("participant page"),
    "participants export": _("participants export"),
    "participants list": _("participants list"),
    "person correction": _("person correction"),
    "provider candidates": _("provider candidates"),
    "referral detail": _("referral detail"),
    "referral list": _("referral list"),
    "report records": _("report records"),
    "search by PESEL": _("search by PESEL"),
    "selection entries": _("selection entries"),
}


def purpose_label(purpose: str) -> str:
    label = PURPOSE_LABELS.get(purpose)
    return str(label) if label is not None else purpose


def field_label(model, name: str) -> str:
    """The verbose name of ``model``'s field ``name`` (translated), or the name made readable."""
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        verbose_name = getattr(field, "verbose_name", None)  # a reverse relation has none
        if verbose_name:
            return str(verbose_name)
    return name.replace("_", " ")


def field_labels(model, names) -> str:
    return ", ".join(field_label(model, name) for name in names)
