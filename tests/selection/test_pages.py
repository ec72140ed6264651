"""The pages for each role: the manager (CIS staff of A), an assessor (A's social worker), a viewer who only sees,
another organisation's user (404), anonymous (sign-in); downloads; the API."""

import io
import json

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from kooperacja.selection import services
from kooperacja.selection.models import Score, Selection, State
from tests.selection import factories

pytestmark = pytest.mark.django_db


def _url(selection, page=""):
    return f"/selections/{selection.public_id}/{page}"


def test_overview_for_each_role(world, client_for):
    selection = factories.draft(world)
    factories.with_entries(selection, 2)
    manager = client_for("pzs_staff").get(_url(selection)).content.decode()
    assert "Kandydat 1" in manager and "Doświadczenie" in manager and "Add a criterion" in manager
    assert "/move/published/" in manager
    viewer = client_for("social_worker").get(_url(selection))
    assert viewer.status_code == 200
    assert "Kandydat 1" not in viewer.content.decode() and "K-001" in viewer.content.decode()
    assert "/move/" not in viewer.content.decode()
    for stranger in ("member_b", "no_membership"):
        assert client_for(stranger).get(_url(selection)).status_code == 404
    response = client_for("anonymous").get(_url(selection))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_manager_pages_refuse_a_viewer_with_403_and_a_stranger_with_404(world, client_for):
    selection = factories.draft(world)
    for page in ("appeals/", "terms/", "criteria/add/", "assessors/add/", "move/published/"):
        assert client_for("social_worker").get(_url(selection, page)).status_code == 403, page
        assert client_for("member_b").get(_url(selection, page)).status_code == 404, page


def test_manager_edits_criteria_in_draft_and_publishes_with_a_confirmation(world, client_for):
    selection = factories.draft(world)
    client = client_for("pzs_staff")
    response = client.post(
        _url(selection, "criteria/add/"), {"name": "Pomysł", "description": "", "weight": "0", "max_points": "5"}
    )
    assert response.status_code == 200 and "weight" in response.content.decode()
    client.post(
        _url(selection, "criteria/add/"), {"name": "Pomysł", "description": "", "weight": "1.5", "max_points": "5"}
    )
    assert selection.criteria.count() == 3
    page = client.get(_url(selection, "move/published/")).content.decode()
    assert "are frozen" in page
    stale = client.post(_url(selection, "move/published/"), {"version": "1"})
    assert "Someone else changed" in stale.content.decode()
    selection.refresh_from_db()
    response = client.post(_url(selection, "move/published/"), {"version": str(selection.version)})
    assert response.status_code == 302
    selection.refresh_from_db()
    assert selection.state == State.PUBLISHED
    refused = client.post(
        _url(selection, "criteria/add/"), {"name": "Za późno", "description": "", "weight": "1", "max_points": "5"}
    )
    assert "frozen" in refused.content.decode() and selection.criteria.count() == 3


def test_assessor_added_by_login(world, client_for):
    selection = factories.draft(world)
    client = client_for("pzs_staff")
    response = client.post(_url(selection, "assessors/add/"), {"username": "member_b"})
    assert response.status_code == 302
    assert list(selection.assessors.values_list("user__username", flat=True)) == ["member_b"]
    unknown = client.post(_url(selection, "assessors/add/"), {"username": "nobody-like-this"})
    assert "no active user" in unknown.content.decode()


def test_scoring_sheet_saves_per_entry_and_validates(world, client_for):
    selection, made = factories.scoring(world)
    first, second = selection.criteria.all()
    entry = made[0][0]
    client = client_for("social_worker")
    page = client.get(_url(selection, "score/")).content.decode()
    assert "6 scores are still missing." in page
    bad = client.post(
        _url(selection, "score/"), {"entry": entry.pk, f"points_{first.pk}": "11", f"points_{second.pk}": "3"}
    )
    assert bad.status_code == 422 and "between 0 and 10" in bad.content.decode()
    assert not Score.objects.exists()
    good = client.post(
        _url(selection, "score/"), {"entry": entry.pk, f"points_{first.pk}": "7", f"points_{second.pk}": "3"}
    )
    assert good.status_code == 302
    assert Score.objects.filter(assessor=world.user("social_worker")).count() == 2
    # The other assessor sees none of these points.
    services.score_set(actor=world.user("owes_advisor"), entry=entry, criterion=first, points=2)
    other = client_for("owes_advisor").get(_url(selection, "score/")).content.decode()
    assert 'value="2"' in other and 'value="7"' not in other
    assert client_for("pzs_staff").get(_url(selection, "score/")).status_code == 403
    assert client_for("member_b").get(_url(selection, "score/")).status_code == 404


def test_ranking_page_and_downloads(world, client_for):
    selection, _made = factories.ranked(world)
    manager = client_for("pzs_staff")
    page = manager.get(_url(selection, "ranking/")).content.decode()
    assert "K-002" in page and "Kandydat 2" in page and "23.00" in page
    viewer_page = client_for("social_worker").get(_url(selection, "ranking/")).content.decode()
    assert "K-002" in viewer_page and "Kandydat 2" not in viewer_page
    workbook = load_workbook(io.BytesIO(manager.get(_url(selection, "ranking.xlsx")).content))
    rows = list(workbook["Ranking"].iter_rows(values_only=True))
    assert rows[4][:3] == (1, "K-002", "Kandydat 2") and rows[4][-3] == 23.0
    pdf = manager.get(_url(selection, "ranking.pdf")).content
    assert pdf.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Doświadczenie" in text and "Motywacja" in text and "Kandydat 2" in text
    viewer_pdf = client_for("social_worker").get(_url(selection, "ranking.pdf")).content
    viewer_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(viewer_pdf)).pages)
    assert "K-002" in viewer_text and "Kandydat 2" not in viewer_text
    assert client_for("member_b").get(_url(selection, "ranking.pdf")).status_code == 404


def test_appeals_page_decides(world, client_for):
    selection, made = factories.ranked(world)
    appeal = services.appeal_submit(entry=made[2][0], reason="Pominięto doświadczenie.", access_code=made[2][1])
    client = client_for("pzs_staff")
    assert "Pominięto doświadczenie." in client.get(_url(selection, "appeals/")).content.decode()
    empty = client.post(_url(selection, f"appeals/{appeal.pk}/decide/"), {"upheld": "0", "reason": ""})
    assert empty.status_code == 200
    response = client.post(_url(selection, f"appeals/{appeal.pk}/decide/"), {"upheld": "1", "reason": "Zasadne."})
    assert response.status_code == 302
    assert Selection.objects.get(pk=selection.pk).state == State.SCORING


def test_public_result_with_right_and_wrong_code_and_appeal(world, client):
    selection, made = factories.ranked(world)
    entry, code = made[0]
    page = client.post("/selections/result/", {"access_code": code}).content.decode()
    assert "K-001" in page and "2 of 3" in page and "Send the appeal" in page
    assert "Kandydat" not in page and "K-002" not in page
    wrong = client.post("/selections/result/", {"access_code": "AAAAA-AAAAA-AAAAA-AAAAA"}).content.decode()
    missing = client.post("/selections/result/", {"access_code": ""}).content.decode()
    assert "There is no result for this code" in wrong and "There is no result for this code" in missing
    sent = client.post("/selections/result/", {"access_code": code, "reason": "Proszę o ponowną ocenę."})
    assert "Your appeal was received" in sent.content.decode()
    assert entry.appeals.count() == 1


def test_public_result_is_throttled_per_address(world, client):
    from django.core.cache import cache

    cache.clear()
    selection, made = factories.ranked(world)
    for _attempt in range(20):
        assert client.post("/selections/result/", {"access_code": "x"}).status_code == 200
    blocked = client.post("/selections/result/", {"access_code": made[0][1]})
    assert blocked.status_code == 429 and "Too many attempts" in blocked.content.decode()
    other = client.post("/selections/result/", {"access_code": made[0][1]}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    cache.clear()


def test_api_detail_and_ranking_labels_per_viewer(world, client_for):
    selection, _made = factories.ranked(world)
    detail = json.loads(client_for("pzs_staff").get(f"/api/v1/selections/{selection.public_id}").content)
    assert detail["state"] == "ranked" and [c["name"] for c in detail["criteria"]] == ["Doświadczenie", "Motywacja"]
    manager = json.loads(client_for("pzs_staff").get(f"/api/v1/selections/{selection.public_id}/ranking").content)
    assert [(r["code"], r["label"], r["selected"]) for r in manager["rows"]][0] == ("K-002", "Kandydat 2", True)
    viewer = json.loads(client_for("social_worker").get(f"/api/v1/selections/{selection.public_id}/ranking").content)
    assert viewer["rows"][0]["label"] == "K-002"
    assert client_for("member_b").get(f"/api/v1/selections/{selection.public_id}/ranking").status_code == 404
