from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kooperacja.core import plausible
from kooperacja.core.errors import ConflictError

DUPLICATE_MESSAGE = _(
    "This would repeat or contradict a record already saved (perhaps by someone else a moment ago). Nothing was "
    "saved; reload the page and check the data."
)


class ServiceErrorsMixin(forms.BaseForm):
    """Puts a service's ValidationError back on the form: on its field when the form has one, else on top."""

    def add_service_errors(self, error) -> None:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)

    def saved_by(self, save: Callable[[], object]) -> bool:
        """Run the service call ``save``; its field errors, or a conflict with someone else's save, go on the
        form. True when it saved."""
        try:
            save()
        except ValidationError as exc:
            self.add_service_errors(exc)
        except ConflictError as exc:
            self.add_error(None, str(exc))
        except IntegrityError:
            # A rule of the database the service did not foresee (or a record saved at the same moment).
            self.add_error(None, str(DUPLICATE_MESSAGE))
        else:
            return True
        return False


def plausible_fields(form: forms.BaseForm, ranges: dict[str, plausible.Range]) -> None:
    """Each named input of ``form`` carries its plausible range as ``min``/``max`` (a hint to the browser and to
    assistive technology: the forms are ``novalidate``). The range itself is checked by the service, which
    reports every field out of range in one answer with the record's other errors; a form validator would stop
    the service from running and hide those until the next submit."""
    for name, bounds in ranges.items():
        field = form.fields.get(name)
        if field is not None:
            field.widget.attrs.update(bounds.widget_attrs())


class StyledForm(ServiceErrorsMixin, forms.Form):
    """Adds Bootstrap classes and ARIA error attributes to every widget."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def full_clean(self):
        super().full_clean()
        mark_invalid_fields(self)


class StyledModelForm(ServiceErrorsMixin, forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)

    def full_clean(self):
        super().full_clean()
        mark_invalid_fields(self)


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The choice field ``name`` of ``form``, to set its choices (``form.fields`` holds them as plain fields)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField), name
    return field


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The model choice field (single or multiple) ``name`` of ``form``, to set its queryset."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField), name
    return field


def model_choices(form: forms.BaseForm, name: str) -> QuerySet:
    """What the model choice field ``name`` of ``form`` offers (its queryset, set by the form's ``__init__``)."""
    queryset = model_choice_field(form, name).queryset
    assert queryset is not None, name
    return queryset


def style_fields(form) -> None:
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
        if field.help_text:
            widget.attrs["aria-describedby"] = f"{form[name].auto_id}-help"


def mark_invalid_fields(form) -> None:
    for name in form.errors:
        if name not in form.fields:
            continue
        widget = form.fields[name].widget
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
        widget.attrs["aria-invalid"] = "true"
        described = [f"{form[name].auto_id}-errors"]
        if form.fields[name].help_text:
            described.append(f"{form[name].auto_id}-help")
        widget.attrs["aria-describedby"] = " ".join(described)
