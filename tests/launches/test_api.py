"""The launches API: lists and detail scoped like the pages, applications without personal data for those who may not
see it, the ranking with labels per reader."""

import pytest

from tests.launches.factories import apply_direct, other_coordinator, ranked_launch, recruiting

pytestmark = pytest.mark.django_db


def test_the_list_and_detail_show_launches_the_caller_may_see(world, client_for):
    launch = recruiting(world)
    body = client_for("coordinator").get("/api/v1/launches").json()
    assert [item["public_id"] for item in body["items"]] == [str(launch.public_id)]
    detail = client_for("pzs_staff").get(f"/api/v1/launches/{launch.public_id}").json()
    assert detail["state"] == "recruiting" and detail["partners"][0]["state"] in {"committed", "invited"}
    assert detail["services"][0]["service"] == "opieka-wytchnieniowa" and detail["budget_total"] == "120000.00"
    assert client_for("member_b").get(f"/api/v1/launches/{launch.public_id}").status_code == 403
    other = client_for("coordinator")
    other.force_login(other_coordinator())
    assert other.get(f"/api/v1/launches/{launch.public_id}").status_code == 404
    assert other.get("/api/v1/launches").json()["items"] == []


def test_applications_carry_names_only_for_those_who_may_see_them(world, client_for):
    launch = recruiting(world)
    apply_direct(world, launch, first_name="Zofia")
    owner = client_for("coordinator").get(f"/api/v1/launches/{launch.public_id}/applications").json()
    assert owner[0]["first_name"] == "Zofia" and owner[0]["code"] == "K-001"
    analyst = client_for("analyst").get(f"/api/v1/launches/{launch.public_id}/applications")
    assert analyst.status_code == 200
    row = analyst.json()[0]
    assert row["first_name"] is None and row["code"] == "K-001" and row["participation_linked"] is False
    assert "Zofia" not in analyst.content.decode()
    partner = client_for("pzs_staff").get(f"/api/v1/launches/{launch.public_id}/applications").json()
    assert partner[0]["first_name"] is None  # a direct applicant, not put forward by the CIS


def test_the_ranking_names_entries_for_the_owner_and_codes_for_a_partner(world, client_for):
    launch, _selection, _made = ranked_launch(world)
    owner = client_for("coordinator").get(f"/api/v1/launches/{launch.public_id}/ranking")
    assert owner.status_code == 200, owner.content
    rows = owner.json()
    assert [row["position"] for row in rows] == [1, 2, 3] and rows[0]["label"].startswith("Osoba")
    partner = client_for("pzs_staff").get(f"/api/v1/launches/{launch.public_id}/ranking").json()
    assert all(row["label"] == row["code"] for row in partner)
