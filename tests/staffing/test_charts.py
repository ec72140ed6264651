"""The overview's chart: labels at the body text size, and its numbers lead to the lists they count."""

import re
from html import unescape

from django.urls import reverse

from kooperacja.staffing.charts import bar_chart
from kooperacja.staffing.models import NeedStatus
from tests.staffing.factories import NeedFactory


def test_it_draws_labels_at_the_body_text_size_and_links_values_given_a_list():
    chart = bar_chart(title="t", series=["a", "b"], groups=[("g", [3, 4])], links=[["/needs/?x=1", None]])
    assert chart.font_size >= 16
    bars = [row for row in chart.rows if row.kind == "bar"]
    assert [row.url for row in bars] == ["/needs/?x=1", ""]


def test_it_links_the_open_positions_of_a_service_to_the_needs_list_filtered_the_same_way(world, client_for):
    client = client_for("analyst")
    counted = NeedFactory(headcount=5, position="Opiekunka A")
    NeedFactory(card_version=counted.card_version, headcount=2, position="Opiekunka B", status=NeedStatus.PARTLY_FILLED)
    NeedFactory(card_version=counted.card_version, headcount=4, position="Opiekunka C", status=NeedStatus.FILLED)
    NeedFactory(card_version=counted.card_version, headcount=1, position="Opiekunka D", municipality_id="0663011")
    page = client.get(reverse("staffing:index") + "?territory=0462").content.decode()
    assert 'font-size="16"' in page
    links = {unescape(href) for href in re.findall(r'href="(/staffing/needs/\?[^"]+)"', page)}
    assert len(links) == 1
    (url,) = links
    assert "service_type=" in url and "territory=0462" in url
    listed = client.get(url).content.decode()
    assert "Opiekunka A" in listed and "Opiekunka B" in listed
    assert "Opiekunka C" not in listed and "Opiekunka D" not in listed
