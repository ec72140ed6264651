from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate
from kooperacja.registry import selectors, services
from kooperacja.registry.forms import (
    ContactPersonForm,
    MembershipGrantForm,
    OrganisationFilterForm,
    OrganisationForm,
    ReachForm,
    RegisterEntryForm,
    WorkshopForm,
)
from kooperacja.registry.models import Organisation
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
    municipality = territory.unit_by_code_or_name(value=filters.get("municipality"), level=Level.MUNICIPALITY)
    if filters.get("municipality") and municipality is None:
        form.add_error("municipality", _("There is no municipality with this TERYT code or name."))
    sort = filters.get("sort") or "name"
    organisations = selectors.organisation_list(
        user=request.user,
        kind=filters.get("kind") or None,
        voivodeship=filters.get("voivodeship") or None,
        county=filters.get("county") or None,
        municipality=municipality.code if municipality else None,
        q=filters.get("q") or None,
        sort=sort,
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
    entry = getattr(organisation, "register_entry", None) if organisation.needs_register_entry else None
    reach_changes = selectors.reach_change_list(user=request.user, organisation=organisation, limit=REACH_SHOWN)
    works_with = request.user.has_perm("registry.view_private_contacts", organisation)
    context = {
        "organisation": organisation,
        "ancestors": [*unit_ancestors(unit=organisation.municipality), organisation.municipality],
        "register_entry": entry,
        "register_entry_in_force": entry is not None and entry.is_in_force(),
        "workshops": list(organisation.workshops.all()),
        "contacts": contacts,
        "can_edit": request.user.has_perm("registry.change_organisation", organisation),
        "can_confirm": entry is not None and request.user.has_perm("registry.change_register_entry", organisation),
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
        "reach_changes": selectors.reach_change_list(user=request.user, organisation=organisation),
    }
    return render(request, "registry/reach_form.html", context)


def register_entry_edit(request, public_id):
    organisation = selectors.organisation_get_for_edit(user=request.user, public_id=public_id)
    entry = selectors.register_entry_for(organisation=organisation)
    if not organisation.needs_register_entry:
        messages.info(request, _("Only a CIS or a KIS has an entry in the voivode's register."))
        return redirect("registry:detail", public_id=organisation.public_id)
    initial = {} if entry else {"voivodeship": organisation.voivodeship_code}
    may_change_status = request.user.has_perm("registry.change_register_entry", organisation)
    form = RegisterEntryForm(request.POST or None, entry=entry, initial=initial, may_change_status=may_change_status)
    if request.method == "POST" and form.is_valid():
        try:
            services.register_entry_save(
                actor=request.user,
                organisation=organisation,
                data=form.service_data(),
                reason=form.status_reason(),
            )
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("The register entry was saved."))
            return redirect("registry:detail", public_id=organisation.public_id)
    return render(request, "registry/register_entry_form.html", {"form": form, "organisation": organisation})


@require_POST
def register_entry_confirm(request, public_id):
    entry = selectors.register_entry_get_for_confirm(user=request.user, public_id=public_id)
    services.register_entry_confirm(actor=request.user, entry=entry)
    messages.success(request, _("The register entry was confirmed."))
    return redirect("registry:detail", public_id=public_id)


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
