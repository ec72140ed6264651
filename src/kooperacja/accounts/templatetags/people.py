from django import template

from kooperacja.accounts.people import display_name

register = template.Library()


@register.filter
def person_label(user) -> str:
    """``{{ event.actor|person_label }}``: "Anna Nowak (social worker, MOPS Grudziądz)" when the view labelled
    the page's people (``accounts.people.label_people``), else the full name; never the login of a named user."""
    if user is None:
        return ""
    return getattr(user, "person_label", None) or display_name(user)
