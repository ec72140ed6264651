"""Pages of higher apps about one participation, linked from the participant page.

The participant page belongs to this app, but documents about a stay are kept by apps above it (the individual
programme in ``reintegration``). Each registers its page here in its ``AppConfig.ready()``, so the page links
to them without this app importing them. A page is named by its URL name and takes the participation's
``public_id``.
"""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class ParticipationLink:
    url_name: str
    label: str | Promise


_LINKS: dict[str, ParticipationLink] = {}


def provide(url_name: str, label: str | Promise) -> None:
    _LINKS[url_name] = ParticipationLink(url_name, label)


def participation_links() -> list[ParticipationLink]:
    return list(_LINKS.values())
