from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from kooperacja.catalogue import selectors, services
from kooperacja.catalogue.comparison import compare_cards
from kooperacja.catalogue.forms import CardEditor, CatalogueFilterForm
from kooperacja.core.errors import ConflictError
from kooperacja.core.pagination import paginate


def service_list(request):
    filters = CatalogueFilterForm(request.GET or None)
    values = filters.cleaned_data if filters.is_valid() else {}
    cus = {"yes": True, "no": False}.get(values.get("cus") or "")
    types = selectors.service_type_list(
        q=values.get("q"), delivery_form=values.get("form") or None, target_group=values.get("group"), cus=cus
    )
    context = {"filters": filters, "page_obj": paginate(request, types), "can_edit": _can_edit(request)}
    template = "catalogue/list.html#results" if request.htmx else "catalogue/list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ("HX-Request",))
    return response


def service_detail(request, code: str):
    return _render_card(request, selectors.service_card_get(code=code))


def service_version(request, code: str, number: int):
    return _render_card(request, selectors.service_card_get(code=code, number=number))


def _render_card(request, version):
    service_type = version.service_type
    context = {
        "card": version,
        "service_type": service_type,
        "is_current": version.pk == service_type.current_version_id,
        "current_number": service_type.current_version.number,
        "history": selectors.service_card_history(service_type=service_type),
        "can_edit": _can_edit(request),
    }
    return render(request, "catalogue/detail.html", context)


def service_compare(request, code: str):
    service_type = selectors.service_type_get(code=code)
    assert service_type.current_version is not None  # the selector returns published services only
    current = service_type.current_version.number
    try:
        to_number = int(request.GET.get("to") or current)
        from_number = int(request.GET.get("from") or to_number - 1)
    except ValueError as exc:
        raise Http404 from exc
    older = selectors.service_card_get(code=code, number=from_number)
    newer = selectors.service_card_get(code=code, number=to_number)
    context = {
        "service_type": service_type,
        "older": older,
        "newer": newer,
        "changes": compare_cards(services.card_data(older), services.card_data(newer)),
        "history": selectors.service_card_history(service_type=service_type),
    }
    return render(request, "catalogue/compare.html", context)


def service_edit(request, code: str):
    service_type = selectors.service_type_get(code=code)
    current = selectors.service_card_get(code=code)
    conflict = None
    status = 200
    if request.method == "POST":
        editor = CardEditor.from_post(request.POST, new=False)
        if request.POST.get("add_row"):
            editor = editor.with_added_row(request.POST["add_row"])
        elif editor.is_valid():
            try:
                version = services.service_card_publish(
                    actor=request.user,
                    service_type=service_type,
                    data=editor.card_data(),
                    base_number=editor.form.cleaned_data["base_number"],
                    change_note=editor.form.cleaned_data["change_note"],
                )
            except ConflictError as exc:
                conflict, status = str(exc), 409
            except ValidationError as exc:
                editor.add_service_errors(exc)
            else:
                messages.success(
                    request, _("Version %(number)s of the card was published.") % {"number": version.number}
                )
                return redirect("catalogue:detail", code=service_type.code)
    else:
        editor = CardEditor.from_card(services.card_data(current), base_number=current.number)
    context = {"editor": editor, "card": current, "service_type": service_type, "conflict": conflict}
    return render(request, "catalogue/edit.html", context, status=status)


def service_create(request):
    status = 200
    if request.method == "POST":
        editor = CardEditor.from_post(request.POST, new=True)
        if request.POST.get("add_row"):
            editor = editor.with_added_row(request.POST["add_row"])
        elif editor.is_valid():
            try:
                service_type = services.service_type_create(
                    actor=request.user,
                    code=editor.form.cleaned_data["code"],
                    data=editor.card_data(),
                    change_note=editor.form.cleaned_data["change_note"],
                )
            except ValidationError as exc:
                editor.add_service_errors(exc)
            else:
                messages.success(request, _("The new card was published."))
                return redirect("catalogue:detail", code=service_type.code)
    else:
        editor = CardEditor.blank(new=True)
    return render(request, "catalogue/edit.html", {"editor": editor, "card": None, "conflict": None}, status=status)


def _can_edit(request) -> bool:
    return request.user.has_perm(services.EDIT_PERMISSION)
