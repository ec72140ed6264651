"""The launch as a host of ``selection``: the selection of a launch's founding group.

Managers: the launching organisation's coordinators and social workers. Viewers: those and the committed partners.
An entry is named for the launching organisation and for the CIS/KIS that put the candidate forward; everyone else
sees its code. Confirming the selection moves the launch to "founding" and calls the hooks of the apps above."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kooperacja.launches import rules, selectors
from kooperacja.selection.hosts import Host, register

KIND = "launch"


def _launch(selection):
    cached = selection.__dict__.get("_launch")
    if cached is None:
        cached = selectors.launch_for_subject(selection.subject_key)
        selection.__dict__["_launch"] = cached
    return cached


def may_manage(user, selection) -> bool:
    launch = _launch(selection)
    return launch is not None and user.has_perm("launches.manage_launch", launch)


def may_view(user, selection) -> bool:
    launch = _launch(selection)
    if launch is None:
        return False
    return (
        user.has_perm("launches.manage_launch", launch)
        or bool(rules.committed_ids_of(launch) & rules.partner_organisation_ids(user))
        or (user.is_superuser)
    )


def entry_label(entry, user) -> str:
    launch = _launch(entry.selection)
    if launch is None:
        return entry.code
    if rules.sees_personal_data(user, launch):
        return entry.label
    prefix, _sep, pk = entry.subject_key.partition(":")
    if prefix == "application" and pk.isdigit():
        application = selectors.application_find(pk=int(pk))
        if application is not None and application.referred_by_id in rules.referring_organisation_ids(user):
            return entry.label
    return entry.code


def back_link(selection) -> str:
    launch = _launch(selection)
    if launch is None:
        return reverse("launches:index")
    return reverse("launches:detail", kwargs={"public_id": launch.public_id})


def on_confirmed(selection) -> None:
    from kooperacja.launches.services import launch_mark_founding

    launch = _launch(selection)
    if launch is not None:
        launch_mark_founding(actor=getattr(selection, "confirmed_by", None), launch=launch)


def register_host() -> None:
    register(
        Host(
            kind=KIND,
            label=_("Founding group of a launch"),
            may_manage=may_manage,
            may_view=may_view,
            entry_label=entry_label,
            back_link=back_link,
            on_confirmed=on_confirmed,
        )
    )
