from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from kooperacja.audit.selectors import ReadLogFilters
from kooperacja.core.forms import StyledForm

CHANNELS = [("", _("any")), ("web", _("browser")), ("api", "API")]


class ReadLogFilterForm(StyledForm):
    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    content_type = forms.ModelChoiceField(
        label=_("Record type"),
        required=False,
        queryset=ContentType.objects.order_by("app_label", "model"),
        empty_label=_("any"),
    )
    object_id = forms.CharField(
        label=_("Record id"),
        required=False,
        max_length=64,
        help_text=_("With a record type: who read this one record."),
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=CHANNELS)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def to_filters(self) -> ReadLogFilters:
        """The valid filters (an invalid one is shown with its error and left out, so the page still answers)."""
        self.is_valid()
        data = self.cleaned_data
        return ReadLogFilters(
            username=(data.get("username") or "").strip(),
            content_type=data.get("content_type"),
            object_id=(data.get("object_id") or "").strip(),
            channel=data.get("channel") or "",
            since=data.get("since"),
            until=data.get("until"),
        )
