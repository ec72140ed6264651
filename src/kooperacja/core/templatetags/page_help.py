from django import template

from kooperacja.core.help import help_for

register = template.Library()


@register.simple_tag(takes_context=True)
def page_help(context):
    """The help registered for the route of the current request (``core.help``), or None."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    return help_for(match.view_name if match else None)
