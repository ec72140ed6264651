"""Help on the page: a short text per route (what the page is for, what to do next) and the section of the user
guide that explains it.

Each app registers the help of its own pages in a ``page_help`` module, found by ``autodiscover()`` when the
project starts (as the admin finds ``admin`` modules), so core names no domain app. The page shows the help of
its route through ``includes/page_help.html``; ``tests/core/test_help.py`` fails when a main page has none.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class PageHelp:
    url_name: str
    purpose: Promise  # what the page is for
    next_steps: Promise  # what to do next
    guide: str  # the anchor of the user guide's section (see core.guide), "" for the guide's beginning


_HELP: dict[str, PageHelp] = {}


def register_help(url_name: str, *, purpose: Promise, next_steps: Promise, guide: str = "") -> None:
    if url_name in _HELP:
        raise ValueError(f"help for {url_name} is registered twice")
    _HELP[url_name] = PageHelp(url_name, purpose, next_steps, guide)


def help_for(url_name: str | None) -> PageHelp | None:
    return _HELP.get(url_name) if url_name else None


def registered() -> dict[str, PageHelp]:
    return dict(_HELP)


def autodiscover() -> None:
    autodiscover_modules("page_help")
