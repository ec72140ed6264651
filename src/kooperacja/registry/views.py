from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.accounts.people import labelled
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.core.text import long_date, short_date
from kooperacja.law.parameters import CIS_STATUS_TERM_YEARS
from kooperacja.law.selectors import statutory_parameter_get
from kooperacja.registry import selectors, services
from kooperacja.registry.forms import (
    ContactPersonForm,
    DecisionEndForm,
    MembershipGrantForm,
    OrganisationFilterForm,
    OrganisationForm,
    ReachForm,
    RegisterTermExtendForm,
    RegisterTermGrantForm,
    SocialEnterpriseDecisionForm,
    SocialEnterpriseGrantForm,
    SocialEnterpriseRevokeForm,
    WorkshopForm,
)
from kooperacja.registry.models import (
    REGISTER_TERM_MACHINE,
    Organisation,
    OrganisationKind,
    RegisterKind,
    RegisterStanding,
)
from kooperacja.registry.rules import REACH_ROLES, grantable_roles
from kooperacja.territory import selectors as territory
from kooperacja.territory.models import Level
from kooperacja.territory.selectors import unit_ancestors

PER_PAGE = 25
REACH_SHOWN = 10  # the latest changes of reach on the organisation page; all of them on the reach page


def organisation_list(request):
    data = request.GET.copy()
    if data.get("county") and not data.get("voivodeship"):
        data["voivodeship"] = data["county"][:2]
    voivodeship = data.get("voivodeship", "")
    if data.get("county") and not data["county"].startswith(voivodeship or "-"):
        data.pop("county")  # a county left over from another voivodeship
    form = OrganisationFilterForm(
        data,
        voivodeships=territory.voivodeships(),
        counties=territory.counties_of(voivodeship=voivodeship if len(voivodeship) == 2 else None),
    )
    form.is_valid()  # invalid filters are shown with their errors and ignored
    filters = form.cleaned_data
    municipality = None
    if filters.get("municipality"):
        try:  # a name several municipalities bear filters nothing: the error names their codes
            municipality = territory.unit_lookup(filters["municipality"], levels=[Level.MUNICIPALITY])
        except ValidationError as exc:
            form.add_error("municipality", exc)
    sort = filters.get("sort") or "name"
    organisations = selectors.organisation_list(
        user=request.user,
        kind=filters.get("kind") or None,
        voivodeship=filters.get("voivodeship") or None,
        county=filters.get("county") or None,
        municipality=municipality.code if municipality else None,
        q=filters.get("q") or None,
        sort=sort,
        social_enterprise=bool(filters.get("social_enterprise")),
    )
    page_obj = paginate(request, organisations, per_page=PER_PAGE)
    context = {
        "form": form,
        "page_obj": page_obj,
        "sort": sort,
        "municipality": municipality,
        "can_add": request.user.has_perm("registry.add_organisation"),
        # The county choices depend on the voivodeship: refresh them when it changes.
        "refresh_counties": bool(request.htmx) and request.htmx.trigger == form["voivodeship"].id_for_label,
    }
    template = "registry/list.html#results" if request.htmx and not request.htmx.boosted else "registry/list.html"
    return render(request, template, context)


def organisation_detail(request, public_id):
    organisation = selectors.organisation_get_for_view(user=request.user, public_id=public_id)
    contacts = list(selectors.contact_list(user=request.user, organisation=organisation))
    reach_changes = labelled(
        selectors.reach_change_list(user=request.user, organisation=organisation, limit=REACH_SHOWN)
    )
    works_with = request.user.has_perm("registry.works_with", organisation)
    can_decide = request.user.has_perm("registry.decide_register", organisation)
    terms = sorted(organisation.register_terms.all(), key=lambda term: (term.term_start, term.pk), reverse=True)
    latest = terms[0] if terms else None
    statuses = list(organisation.social_enterprise_statuses.all())
    context = {
        "organisation": organisation,
        "ancestors": [*unit_ancestors(unit=organisation.municipality), organisation.municipality],
        "register_terms": terms,
        "register_status": organisation.register_status(),
        "register_in_force": organisation.is_in_force(),
        "register_events": labelled(selectors.register_events(user=request.user, organisation=organisation))
        if terms or statuses
        else [],
        "latest_term": latest,
        # What the register officer may decide now: grant (or enter) when nothing is in force and no later term
        # waits, extend an unended CIS term, withdraw or strike off the latest term.
        "can_grant": can_decide
        and organisation.needs_register_entry
        and (latest is None or latest.is_ended or latest.standing() == RegisterStanding.EXPIRED),
        "can_extend": can_decide
        and latest is not None
        and latest.register == RegisterKind.CIS
        and organisation.kind == OrganisationKind.CIS
        and not latest.is_ended,
        "can_end": can_decide and latest is not None and bool(REGISTER_TERM_MACHINE.allowed(latest.status)),
        "social_enterprise_statuses": statuses,
        "social_enterprise_now": organisation.social_enterprise_status_on(),
        "can_grant_social_enterprise": can_decide
        and organisation.may_be_social_enterprise
        and organisation.social_enterprise_status_on() is None,
        "can_decide": can_decide,
        "workshops": list(organisation.workshops.all()),
        "contacts": contacts,
        "can_edit": request.user.has_perm("registry.change_organisation", organisation),
        "can_change_reach": request.user.has_perm("registry.change_reach", organisation),
        "reach_changes": reach_changes,
        "can_see_private_contacts": works_with,
        "can_see_officer": works_with,
    }
    return render(request, "registry/detail.html", context)


def organisation_create(request):
    form = OrganisationForm(request.POST or None, may_register_voivode_office=request.user.is_superuser)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, data=form.service_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The organisation “%(name)s” was registered.") % {"name": organisation.name})
            return redirect("registry:detail", public_id=organisation.public_id)
    return render(request, "registry/organisation_form.html", {"form": form, "organisation": None})


def organisation_edit(request, public_id):
    organisation = selectors.organisation_get_for_edit(user=request.user, public_id=public_id)
    if request.method != "POST":
        form = OrganisationForm(instance=organisation)
        return render(request, "registry/organisation_form.html", {"form": form, "organisation": organisation})
    form = OrganisationForm(request.POST, instance=organisation)
    if form.is_valid():
        expected = form.cleaned_data.get("version") or 0
        try:
            services.organisation_update(
                actor=request.user, organisation=organisation, data=form.service_data(), expected_version=expected
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        except ConflictError as exc:
            # Show what the user typed against the record as it is now; saving again is a deliberate choice.
            current = selectors.organisation_get_for_edit(user=request.user, public_id=public_id)
            data = request.POST.copy()
            data["version"] = str(current.version)
            form = OrganisationForm(data, instance=current)
            form.is_valid()
            form.add_error(None, str(exc))
            organisation = current
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("registry:detail", public_id=organisation.public_id)
    return render(request, "registry/organisation_form.html", {"form": form, "organisation": organisation})


def organisation_reach(request, public_id):
    organisation = selectors.organisation_get_for_reach(user=request.user, public_id=public_id)
    initial = {"kind": organisation.kind, "municipality": organisation.municipality_id, "version": organisation.version}
    form = ReachForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and form.saved_by(
            lambda: services.organisation_reach_change(
                actor=request.user,
                organisation=organisation,
                data=form.service_data(),
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        )
    ):
        messages.success(request, _("The territory or kind was changed and the change was recorded."))
        return redirect("registry:detail", public_id=organisation.public_id)
    context = {
        "form": form,
        "organisation": organisation,
        "reach_changes": labelled(selectors.reach_change_list(user=request.user, organisation=organisation)),
    }
    return render(request, "registry/reach_form.html", context)


def _decision_page(request, *, organisation, form, title: str, intro: str, save, done: str, rule: str = ""):
    """A form for one of the voivode's decisions; on success back to the organisation page. ``rule``: the code of
    the statutory parameter the decision applies, shown with its legal basis and what is assumed."""
    if request.method == "POST" and form.is_valid() and form.saved_by(lambda: save(form)):
        messages.success(request, done)
        return redirect("registry:detail", public_id=organisation.public_id)
    parameter = statutory_parameter_get(rule, timezone.localdate()) if rule else None
    context = {"form": form, "organisation": organisation, "title": title, "intro": intro, "parameter": parameter}
    return render(request, "registry/decision_form.html", context)


def register_term_grant(request, public_id):
    organisation = selectors.organisation_get_for_register(user=request.user, public_id=public_id)
    if not organisation.needs_register_entry:
        messages.info(request, _("Only a CIS or a KIS has an entry in the voivode's register."))
        return redirect("registry:detail", public_id=organisation.public_id)
    is_cis = organisation.kind == OrganisationKind.CIS
    form = RegisterTermGrantForm(request.POST or None, is_cis=is_cis)
    return _decision_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Grant the status of a CIS") if is_cis else _("Enter the club in the register"),
        intro=_(
            "The voivode grants the status of a CIS by a decision, for five years; granting the status is the "
            "entry in the register (art. 5 of the act on social employment)."
        )
        if is_cis
        else _(
            "The voivode enters a KIS in the register within 30 days of its notification (art. 18a of the act on "
            "social employment); the entry lasts until the club is struck off."
        ),
        save=lambda f: services.register_term_grant(
            actor=request.user, organisation=organisation, data=f.service_data()
        ),
        done=_("The decision was recorded in the register."),
        rule=CIS_STATUS_TERM_YEARS if is_cis else "",
    )


def register_term_extend(request, public_id):
    organisation = selectors.organisation_get_for_register(user=request.user, public_id=public_id)
    latest = selectors.latest_register_term(organisation=organisation)
    form = RegisterTermExtendForm(request.POST or None)
    return _decision_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Extend the status of a CIS"),
        intro=_("The new term starts on the day after the current one ends (%(date)s).")
        % {"date": long_date(latest.term_end) if latest and latest.term_end else "—"},
        save=lambda f: services.register_term_extend(
            actor=request.user, organisation=organisation, data=f.service_data()
        ),
        done=_("The extension was recorded in the register."),
        rule=CIS_STATUS_TERM_YEARS,
    )


def register_term_end(request, public_id, term_id: int):
    term = selectors.register_term_get_for_end(user=request.user, public_id=public_id, term_id=term_id)
    is_kis = term.register == RegisterKind.KIS
    form = DecisionEndForm(request.POST or None)
    return _decision_page(
        request,
        organisation=term.organisation,
        form=form,
        title=_("Strike the club off the register") if is_kis else _("Withdraw the status of a CIS"),
        intro=_("Register number %(number)s, in force from %(start)s.")
        % {"number": term.number, "start": long_date(term.term_start)},
        save=lambda f: services.register_term_end(
            actor=request.user, term=term, ended_on=f.cleaned_data["ended_on"], reason=f.cleaned_data["reason"]
        ),
        done=_("The club was struck off the register.") if is_kis else _("The status was withdrawn."),
    )


def social_enterprise_grant(request, public_id):
    organisation = selectors.organisation_get_for_register(user=request.user, public_id=public_id)
    form = SocialEnterpriseGrantForm(request.POST or None)
    return _decision_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Grant the status of a social enterprise"),
        intro=_(
            "The voivode grants the status of a social enterprise by a decision to a social cooperative, an NGO "
            "or a company (act on the social economy of 5 August 2022)."
        ),
        save=lambda f: services.social_enterprise_grant(
            actor=request.user, organisation=organisation, data=f.service_data()
        ),
        done=_("The status of a social enterprise was recorded."),
    )


def social_enterprise_decision(request, public_id, status_id: int):
    """The decision of a status recorded without one (migrated from the former kind)."""
    status = selectors.social_enterprise_status_get_for_revoke(
        user=request.user, public_id=public_id, status_id=status_id
    )
    return _decision_page(
        request,
        organisation=status.organisation,
        form=SocialEnterpriseDecisionForm(request.POST or None),
        title=_("Record the decision granting the status of a social enterprise"),
        intro=_("The status is recorded from %(start)s without its decision.")
        % {"start": short_date(status.valid_from)},
        save=lambda f: services.social_enterprise_decision_record(
            actor=request.user, status=status, data=f.service_data()
        ),
        done=_("The decision was recorded."),
    )


def social_enterprise_revoke(request, public_id, status_id: int):
    status = selectors.social_enterprise_status_get_for_revoke(
        user=request.user, public_id=public_id, status_id=status_id
    )
    form = SocialEnterpriseRevokeForm(request.POST or None)
    return _decision_page(
        request,
        organisation=status.organisation,
        form=form,
        title=_("Revoke the status of a social enterprise"),
        intro=_("Decision %(number)s, valid from %(start)s.")
        % {"number": status.decision_number or "—", "start": short_date(status.valid_from)},
        save=lambda f: services.social_enterprise_revoke(
            actor=request.user,
            status=status,
            revoked_on=f.cleaned_data["revoked_on"],
            reason=f.cleaned_data["reason"],
        ),
        done=_("The status of a social enterprise was revoked."),
    )


def _child_form_page(request, *, organisation: Organisation, form, title: str, save, template: str):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.service_data())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("registry:detail", public_id=organisation.public_id)
    return render(request, template, {"form": form, "organisation": organisation, "title": title})


def workshop_create(request, public_id):
    organisation = selectors.organisation_get_for_edit(user=request.user, public_id=public_id)
    form = WorkshopForm(request.POST or None, initial={"municipality": organisation.municipality_id})
    return _child_form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Add a workshop, section or place"),
        save=lambda data: services.workshop_create(actor=request.user, organisation=organisation, data=data),
        template="registry/child_form.html",
    )


def workshop_edit(request, public_id, workshop_id: int):
    workshop = selectors.workshop_get_for_edit(user=request.user, public_id=public_id, workshop_id=workshop_id)
    form = WorkshopForm(request.POST or None, instance=workshop)
    return _child_form_page(
        request,
        organisation=workshop.organisation,
        form=form,
        title=_("Edit “%(name)s”") % {"name": workshop.name},
        save=lambda data: services.workshop_update(actor=request.user, workshop=workshop, data=data),
        template="registry/child_form.html",
    )


@require_POST
def workshop_delete(request, public_id, workshop_id: int):
    workshop = selectors.workshop_get_for_edit(user=request.user, public_id=public_id, workshop_id=workshop_id)
    services.workshop_delete(actor=request.user, workshop=workshop)
    messages.success(request, _("“%(name)s” was removed.") % {"name": workshop.name})
    return redirect("registry:detail", public_id=public_id)


def contact_create(request, public_id):
    organisation = selectors.organisation_get_for_edit(user=request.user, public_id=public_id)
    form = ContactPersonForm(request.POST or None)
    return _child_form_page(
        request,
        organisation=organisation,
        form=form,
        title=_("Add a contact person"),
        save=lambda data: services.contact_create(actor=request.user, organisation=organisation, data=data),
        template="registry/child_form.html",
    )


def contact_edit(request, public_id, contact_id: int):
    contact = selectors.contact_get_for_edit_form(user=request.user, public_id=public_id, contact_id=contact_id)
    form = ContactPersonForm(request.POST or None, instance=contact)
    return _child_form_page(
        request,
        organisation=contact.organisation,
        form=form,
        title=_("Edit a contact person"),
        save=lambda data: services.contact_update(actor=request.user, contact=contact, data=data),
        template="registry/child_form.html",
    )


@require_POST
def contact_delete(request, public_id, contact_id: int):
    contact = selectors.contact_get_for_edit(user=request.user, public_id=public_id, contact_id=contact_id)
    services.contact_delete(actor=request.user, contact=contact)
    messages.success(request, _("The contact person was removed."))
    return redirect("registry:detail", public_id=public_id)


# --- members and roles -----------------------------------------------------------------------------------


def _members_page(request, organisation, form=None):
    memberships = selectors.members_shown(user=request.user, organisation=organisation)
    users = {membership.user_id for membership in memberships}
    can_manage = request.user.has_perm("registry.change_organisation_members", organisation)
    roles = grantable_roles(request.user, organisation) if can_manage else []
    if form is None and roles:
        form = MembershipGrantForm(roles=roles)
    context = {
        "organisation": organisation,
        "memberships": memberships,
        "people_count": len(users),
        "form": form,
        "revocable_roles": {role.value for role in roles},
        "reach_roles": {role.value for role in REACH_ROLES},
    }
    return render(request, "registry/members.html", context)


def members(request, public_id):
    organisation = selectors.organisation_get_for_members(user=request.user, public_id=public_id)
    return _members_page(request, organisation)


@require_POST
def member_grant(request, public_id):
    organisation = selectors.organisation_get_for_member_change(user=request.user, public_id=public_id)
    form = MembershipGrantForm(request.POST, roles=grantable_roles(request.user, organisation))
    if form.is_valid():
        user = form.cleaned_data["username"]
        try:
            membership = services.membership_grant(
                actor=request.user,
                organisation=organisation,
                user=user,
                role=form.cleaned_data["role"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(
                request,
                _("%(user)s holds the role “%(role)s” in this organisation.")
                % {"user": user.get_full_name() or user.username, "role": membership.get_role_display()},
            )
            return redirect("registry:members", public_id=organisation.public_id)
    return _members_page(request, organisation, form=form)


@require_POST
def member_revoke(request, public_id, membership_id: int):
    membership = selectors.membership_get_for_change(
        user=request.user, public_id=public_id, membership_id=membership_id
    )
    try:
        services.membership_revoke(actor=request.user, membership=membership, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("The role “%(role)s” of %(user)s was revoked.")
            % {
                "role": membership.get_role_display(),
                "user": membership.user.get_full_name() or membership.user.username,
            },
        )
    return redirect("registry:members", public_id=public_id)
