from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kooperacja.core.forms import StyledForm
from kooperacja.territory.models import Level, Unit


class UnitPickerWidget(forms.Widget):
    """A search box that lists matching units as radio buttons (HTMX); works with keyboard and without JS
    (the TERYT code can also be typed into the search box)."""

    template_name = "territory/widgets/unit_picker.html"

    def __init__(self, level: str | None = None, attrs=None):
        super().__init__(attrs)
        self.level = level

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        selected = None
        if value:
            selected = Unit.objects.select_related("parent").filter(code=str(getattr(value, "pk", value))).first()
        context["widget"].update(
            {
                "selected": selected,
                "level": self.level or "",
                "picker_url": reverse("territory:picker"),
                "search_name": f"{name}__search",
            }
        )
        return context

    def value_from_datadict(self, data, files, name):
        chosen = data.get(name)
        if chosen:
            return chosen
        typed = (data.get(f"{name}__search") or "").strip()
        return typed or None

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}__search" not in data


class UnitField(forms.ModelChoiceField):
    """Choose a TERYT unit of one level; the value may be a code or an unambiguous name."""

    default_error_messages = {
        "invalid_choice": _("There is no territorial unit with this TERYT code or name."),
        "wrong_level": _("Choose a %(level)s."),
        "ambiguous": _("More than one unit is called “%(name)s”; choose one from the list."),
    }

    def __init__(self, *, level: str | None = Level.MUNICIPALITY, **kwargs):
        queryset = Unit.objects.select_related("parent")
        kwargs.setdefault("widget", UnitPickerWidget(level=level))
        super().__init__(queryset=queryset, **kwargs)
        self.level = level

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(getattr(value, "pk", value)).strip()
        unit = Unit.objects.select_related("parent").filter(code=value).first()
        if unit is None:
            candidates = list(Unit.objects.select_related("parent").filter(name__iexact=value)[:3])
            if self.level:
                candidates = [c for c in candidates if c.level == self.level] or candidates
            if len(candidates) > 1:
                raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"name": value})
            unit = candidates[0] if candidates else None
        if unit is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if self.level and unit.level != self.level:
            raise ValidationError(
                self.error_messages["wrong_level"],
                code="wrong_level",
                params={"level": Level(self.level).label},
            )
        return unit


class DistanceForm(StyledForm):
    origin = UnitField(label=_("From (municipality)"))
    destination = UnitField(label=_("To (municipality)"))
