"""Help where it is needed: the help of each main page, the help page and the user guide inside the product."""

import re

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

from kooperacja.core.guide import anchor_for, render, user_guide
from kooperacja.core.help import registered
from tests.core.test_route_permissions import _walk

# Pages reached without URL arguments that need no help of their own: forms opened from a page that has help,
# fragments loaded into a page, files, and the help itself.
WITHOUT_HELP = {
    "core:help": "the help itself",
    "core:guide": "the help itself",
    "accounts:login": "a form",
    "accounts:logout": "a button",
    "accounts:password-reset": "a form",
    "accounts:password-reset-sent": "a confirmation",
    "accounts:password-reset-complete": "a confirmation",
    "territory:search": "results loaded into territory:index",
    "territory:distance": "results loaded into territory:index",
    "territory:picker": "a field's results loaded into forms",
    "registry:create": "a form opened from registry:list",
    "catalogue:create": "a form opened from catalogue:list",
    "staffing:need-create": "a form opened from staffing:my-needs",
    "staffing:round-create": "a form opened from staffing:round-list",
    "training:programme-create": "a form opened from training:programme-list",
    "training:participant-export": "a CSV file",
    "training:participant-enrol": "a form opened from training:participant-list",
    "training:pesel-search": "a form opened from training:participant-list",
    "training:import-participants": "a form opened from training:import-list",
    "training:import-attendance": "a form opened from training:import-list",
    "training:import-needs": "a form opened from training:import-list",
    "benefits:month-compute": "a form opened from benefits:month-list",
    "reporting:report-prepare": "a form opened from reporting:report-list",
    "admission:create": "a form opened from admission:sent",
    "commissioning:order-create": "a form opened from commissioning:my-order-list",
    "commissioning:offer-create": "a form opened from commissioning:order",
    "readiness:start": "a form opened from readiness:list",
    "agreements:offer-create": "a form opened from agreements:offer-list",
    "agreements:request-create": "a form opened from agreements:offer-detail",
    "cooperatives:model-create": "a form opened from cooperatives:model-list",
    "accounts:sign-out-everywhere": "a button on accounts:profile",
    "notifications:read-all": "a button on notifications:list",
    "notifications:preferences": "a form on notifications:list and accounts:profile",
    "core:waiting-count": "a count loaded into the navigation",
    "core:favicon": "an icon",
    "set_language": "a button",
    "healthz": "for monitoring",
    "delivery:import-template": "a file downloaded from delivery:import-list",
    "delivery:municipality-pdf": "a document downloaded from delivery:municipality-list",
    "delivery:municipality-xlsx": "a document downloaded from delivery:municipality-list",
}

# The main pages reached with an argument (one record): each has help too.
MAIN_RECORD_PAGES = {
    "territory:detail",
    "registry:detail",
    "catalogue:detail",
    "staffing:need-detail",
    "staffing:round-detail",
    "staffing:plan-detail",
    "staffing:plan-history",
    "training:programme-detail",
    "training:cohort-detail",
    "training:participant-detail",
    "training:import-detail",
    "placement:run-detail",
    "placement:referral-detail",
    "placement:candidate",
    "reintegration:programme",
    "reintegration:classes",
    "admission:detail",
    "agreements:offer-detail",
    "agreements:request-detail",
    "agreements:agreement-detail",
    "cooperatives:model-detail",
    "cooperatives:franchisee-detail",
    "benefits:month-detail",
    "reporting:report-detail",
    "delivery:contract",
    "delivery:report",
    "delivery:alert",
    "delivery:import",
    "commissioning:order",
    "commissioning:contract",
    "readiness:assessment",
    "readiness:decision",
    "launches:detail",
    "launches:applications",
    "launches:sessions",
}


def _pages_without_arguments() -> list[str]:
    names = []
    for name, _pattern in _walk(get_resolver()):
        if name.startswith(("api:", "admin:")):
            continue
        try:
            reverse(name)
        except NoReverseMatch:
            continue
        names.append(name)
    return sorted(set(names))


def test_every_main_page_has_help():
    """A new page without help fails here: give it help in its app's page_help.py, or say why it needs none."""
    helped = registered().keys()
    missing = [name for name in _pages_without_arguments() if name not in helped and name not in WITHOUT_HELP]
    missing += sorted(MAIN_RECORD_PAGES - helped)
    assert missing == [], f"pages without help: {missing}"


def test_help_is_registered_for_routes_that_exist_and_says_something():
    names = {name for name, _pattern in _walk(get_resolver())}
    for name, help_ in registered().items():
        assert name in names, f"help for a route that does not exist: {name}"
        assert len(str(help_.purpose)) > 20 and len(str(help_.next_steps)) > 20, name


def test_every_help_links_to_a_section_of_the_guide_that_exists():
    anchors = user_guide().anchors
    wrong = {name: help_.guide for name, help_ in registered().items() if help_.guide not in anchors}
    assert wrong == {}, f"help linking to no heading of docs/user-guide.pl.md: {wrong}"


@pytest.mark.django_db
def test_the_home_page_shows_its_help_in_polish(client, polish):
    page = client.get("/").content.decode()
    assert '<details class="page-help' in page
    assert "Pomoc: do czego służy ta strona" in page
    assert "Strona startowa" in page
    assert 'href="/help/guide/#sfera-1-krok-po-kroku-kto-co-robi"' in page
    assert "(po polsku)" not in page


@pytest.mark.django_db
def test_a_sphere_one_list_shows_its_help_to_those_who_use_it(client_for, polish):
    page = client_for("pzs_staff").get(reverse("training:participant-list")).content.decode()
    assert "Uczestnicy Twojego CIS lub KIS i przebieg ich uczestnictwa." in page
    assert 'href="/help/guide/#uczestnicy-cis-i-kis-ochrona-danych"' in page


@pytest.mark.django_db
def test_a_page_without_registered_help_shows_no_panel(client):
    assert 'class="page-help' not in client.get(reverse("accounts:login")).content.decode()


@pytest.mark.django_db
def test_a_refused_or_missing_page_shows_no_help_of_the_page_asked_for(client_for):
    refused = client_for("analyst").get(reverse("training:participant-list"))
    assert refused.status_code == 403 and 'class="page-help' not in refused.content.decode()
    missing = client_for("pzs_staff").get(
        reverse("staffing:need-detail", args=["00000000-0000-0000-0000-000000000000"])
    )
    assert missing.status_code == 404 and 'class="page-help' not in missing.content.decode()


@pytest.mark.django_db
def test_the_english_interface_says_the_guide_is_in_polish(client):
    page = client.get("/").content.decode()
    assert "Help: what this page is for and what to do next" in page
    assert "(in Polish)" in page


@pytest.mark.django_db
def test_the_footer_links_to_help_on_every_page(client, polish):
    page = client.get(reverse("territory:index")).content.decode()
    footer = page[page.index("<footer") :]
    assert '<a href="/help/">Pomoc</a>' in footer


@pytest.mark.django_db
def test_the_help_page_lists_the_topics_of_the_guide(client, polish):
    page = client.get("/help/").content.decode()
    for heading in user_guide().headings:
        assert f'href="/help/guide/#{heading.anchor}"' in page
    assert "Skierowanie do CIS lub KIS" in page


@pytest.mark.django_db
def test_the_guide_is_served_as_html_with_an_anchor_per_heading(client, polish):
    page = client.get("/help/guide/").content.decode()
    assert '<h2 id="skierowanie-do-cis-lub-kis">Skierowanie do CIS lub KIS</h2>' in page
    assert "<strong>" in page and "**" not in page
    assert "<script>" not in page.split('<article class="user-guide"')[1].split("</article>")[0]


@pytest.mark.django_db
def test_a_missing_guide_is_a_warning_and_a_404_not_an_error(client, settings, tmp_path):
    from kooperacja.core.checks import check_user_guide

    assert check_user_guide(None) == []
    settings.PROJECT_DIR = tmp_path
    assert [warning.id for warning in check_user_guide(None)] == ["core.W001"]
    assert client.get("/help/guide/").status_code == 404
    assert client.get("/help/").status_code == 200


def test_the_guide_describes_sphere_one_as_working_and_the_rest_as_in_preparation():
    text = user_guide().html
    assert not re.search(r"zapowiedzian\w* \(sfer\w* 1", text)
    assert "w przygotowaniu" in text
    for step in ("Diagnoza potrzeb kadrowych", "Programy szkoleniowe i grupy", "Zgłoszenia kandydatów do pracodawców"):
        assert step in text, step


def test_headings_become_ascii_anchors():
    assert anchor_for("Świadczenie integracyjne (CIS)") == "swiadczenie-integracyjne-cis"
    assert anchor_for("Tokeny API na stronie „Moje konto”") == "tokeny-api-na-stronie-moje-konto"
    guide = render("# T\n\n## Ala\n\n## Ala\n")
    assert [heading.anchor for heading in guide.headings] == ["ala", "ala-2"]


def test_the_renderer_reads_the_markdown_the_guide_uses():
    source = (
        "# Title\n\nA **bold** word and `code`,\nnext line.\n\n"
        "1. First step\n   continued.\n2. Second\n\n"
        "- item\n  - nested **one**\n  after nested\n- next\n"
        "## Heading right after a list\n"
    )
    html = render(source).html
    assert "<p>A <strong>bold</strong> word and <code>code</code>, next line.</p>" in html
    assert "<ol><li>First step continued.</li><li>Second</li></ol>" in html
    assert "<ul><li>item<ul><li>nested <strong>one</strong></li></ul>after nested</li><li>next</li></ul>" in html
    assert '<h2 id="heading-right-after-a-list">' in html


def test_the_renderer_escapes_markup_and_refuses_unsafe_links():
    html = render("<script>alert(1)</script> [a](javascript:alert(1)) [b](/help/) `<b>`\n").html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert '<a href="/help/">b</a>' in html
    assert "<code>&lt;b&gt;</code>" in html
