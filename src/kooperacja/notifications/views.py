from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.pagination import paginate
from kooperacja.notifications import selectors, services

PER_PAGE = 25


def notification_list(request):
    unread_only = request.GET.get("show") == "unread"
    page_obj = paginate(
        request, selectors.notification_list(user=request.user, unread_only=unread_only), per_page=PER_PAGE
    )
    return render(request, "notifications/list.html", {"page_obj": page_obj, "unread_only": unread_only})


def notification_open(request, notification_id: int):
    """Mark the notification read and go where it points (a path of this site only)."""
    notification = selectors.notification_get_for_recipient(user=request.user, notification_id=notification_id)
    services.notification_open(actor=request.user, notification=notification)
    if url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None) and notification.link.startswith("/"):
        return redirect(notification.link)
    return redirect("notifications:list")


@require_POST
def read_all(request):
    count = services.notifications_read_all(actor=request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@require_POST
def preferences(request):
    wanted = request.POST.get("daily_digest") == "on"
    services.preference_set(actor=request.user, daily_digest=wanted, language=get_language())
    if wanted:
        messages.success(request, _("You will receive a daily e-mail summary."))
    else:
        messages.success(request, _("You will not receive a daily e-mail summary."))
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/"):
        return redirect(target)
    return redirect("accounts:profile")
