from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kooperacja.core.forms import StyledForm
from kooperacja.territory.models import Level, Unit
from kooperacja.territory.selectors import UNIT_MESSAGES, units_matching


def _candidates(value, level: str | None) -> list[Unit]:
    return units_matching(value=value, levels=[level] if level else None)


class UnitPickerWidget(forms.Widget):
    """A search box that lists matching units as radio buttons (HTMX); works with keyboard and without JS
    (the TERYT code or the name can also be typed into the search box). A typed name that several units bear
    is shown as a choice between them, with the type, county and voivodeship of each, none chosen."""

    template_name = "territory/widgets/unit_picker.html"

    def __init__(self, level: str | None = None, attrs=None):
        super().__init__(attrs)
        self.level = level

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        selected, candidates, typed = None, [], ""
        if value:
            matches = _candidates(value, self.level)
            if len(matches) == 1:
                selected = matches[0]
            else:
                typed = str(value)
                candidates = [unit for unit in matches if not self.level or unit.level == self.level]
        context["widget"].update(
            {
                "selected": selected,
                "candidates": candidates,
                "typed": typed,
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
    """Choose a TERYT unit of one level; the value may be a code or a name. A name that several units of the
    level bear is refused until one of them is chosen (the widget offers them)."""

    default_error_messages = {
        **UNIT_MESSAGES,
        "ambiguous": _("More than one unit is called “%(name)s”; choose one from the list."),
    }

    def __init__(self, *, level: str | None = Level.MUNICIPALITY, **kwargs):
        queryset = Unit.objects.select_related("parent", "voivodeship")
        kwargs.setdefault("widget", UnitPickerWidget(level=level))
        super().__init__(queryset=queryset, **kwargs)
        self.level = level

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(getattr(value, "pk", value)).strip()
        candidates = _candidates(value, self.level)
        of_level = [unit for unit in candidates if not self.level or unit.level == self.level]
        if len(of_level) > 1:
            raise ValidationError(self.error_messages["ambiguous"], code="ambiguous", params={"name": value})
        if of_level:
            return of_level[0]
        if not candidates:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        assert self.level is not None  # without a level, every candidate is of it
        raise ValidationError(
            self.error_messages["wrong_level"], code="wrong_level", params={"level": Level(self.level).label}
        )


class DistanceForm(StyledForm):
    origin = UnitField(label=_("From (municipality)"))
    destination = UnitField(label=_("To (municipality)"))
