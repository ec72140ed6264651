"""Pages, evidence files and the API of readiness: who sees what, the public list and its JSON twin."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kooperacja.readiness import evidence, services
from kooperacja.readiness.models import AssessmentStatus, EvidenceFile, Outcome
from kooperacja.registry import services as registry
from kooperacja.registry.models import OrganisationKind
from tests.admission.factories import in_force
from tests.factories import JANOW_LUBELSKI, OrganisationFactory
from tests.readiness import factories as f
from tests.readiness.routes import PDF

pytestmark = pytest.mark.django_db


def coop(**kwargs):
    return OrganisationFactory(kind=OrganisationKind.SOCIAL_COOPERATIVE, street="ul. Długa 1", **kwargs)


def test_the_provider_fills_in_attaches_and_submits_through_the_pages(world, client_for):
    client = client_for("member_b")
    response = client.post(reverse("readiness:start"), {"provider": world.org_b.pk, "service_type": f.service().pk})
    assert response.status_code == 302
    assessment = (
        world.org_b
        and __import__("kooperacja.readiness.selectors", fromlist=["x"])
        .assessment_list(user=world.user("member_b"))
        .get()
    )
    items = list(assessment.items.all())
    data = {"version": assessment.version, "summary": "Jesteśmy gotowi."}
    for item in items:
        data[f"answer_{item.pk}"] = "met"
    data[f"answer_{items[0].pk}"] = "partly"  # without a comment: refused, nothing saved
    page = client.post(reverse("readiness:self-assess", args=[assessment.public_id]), data)
    assert page.status_code == 200 and "Say what is missing" in page.content.decode()
    data[f"comment_{items[0].pk}"] = "Brak drugiego pokoju."
    assert client.post(reverse("readiness:self-assess", args=[assessment.public_id]), data).status_code == 302
    upload = {"file": ("dowod.pdf", PDF)}
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("readiness:evidence-add", args=[assessment.public_id]),
        {"file": SimpleUploadedFile("dowod.pdf", PDF, content_type="application/pdf")},
    )
    assert upload and EvidenceFile.objects.filter(assessment=assessment).count() == 1
    client.post(reverse("readiness:submit", args=[assessment.public_id]))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED
    detail = client.get(reverse("readiness:assessment", args=[assessment.public_id])).content.decode()
    assert "dowod.pdf" in detail and "Brak drugiego pokoju." in detail


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("dowod.exe", b"MZ\x90\x00", "Attach a PDF, JPG, PNG, DOCX or XLSX file."),
        ("dowod.pdf", b"not really a pdf", "is not a PDF file"),
        ("zdjecie.png", b"\xff\xd8\xff\xe0JFIF", "is not a PNG file"),
        ("arkusz.xlsx", b"PK\x03\x04garbage", "is not a XLSX file"),
        ("pusty.pdf", b"", "The file is empty."),
    ],
)
def test_wrong_files_are_refused(world, name, content, message):
    assessment = f.started(provider=world.org_b)
    with pytest.raises(Exception) as error:
        evidence.evidence_attach(actor=None, assessment=assessment, file_name=name, content=content)
    assert message in str(error.value)
    assert not EvidenceFile.objects.exists()


def test_an_oversized_file_is_refused(world):
    assessment = f.started(provider=world.org_b)
    with pytest.raises(Exception) as error:
        evidence.evidence_attach(
            actor=None, assessment=assessment, file_name="duzy.pdf", content=PDF + b"0" * evidence.MAX_BYTES
        )
    assert "10 MB" in str(error.value)


def test_evidence_is_encrypted_at_rest_and_given_only_to_those_who_see_the_assessment(world, client_for):
    assessment = f.started(provider=world.org_b)
    file = evidence.evidence_attach(actor=None, assessment=assessment, file_name="dowod.pdf", content=PDF)
    stored = bytes(EvidenceFile.objects.get(pk=file.pk).content_encrypted)
    assert PDF not in stored
    url = reverse("readiness:evidence", args=[assessment.public_id, file.public_id])
    response = client_for("member_b").get(url)
    assert response.status_code == 200 and response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    for persona in ("pzs_staff", "coordinator", "owes_advisor"):
        assert client_for(persona).get(url).status_code == 404
    assert client_for("analyst").get(url).status_code == 403
    assert client_for("anonymous").get(url).status_code == 302


def test_the_decision_page_lists_the_letter_and_the_letter_names_the_issuer(world, client_for):
    provider = coop()
    decision = f.make_ready(provider=provider, assessor=world.user("coordinator"))
    client = client_for("coordinator")
    page = client.get(reverse("readiness:decision", args=[decision.public_id])).content.decode()
    assert reverse("readiness:letter", args=[decision.public_id]) in page
    letter = client.get(reverse("readiness:letter", args=[decision.public_id]))
    assert letter.status_code == 200 and letter.content.startswith(b"%PDF")
    assert decision.issuer == world.ops


def test_the_assessor_reviews_and_decides_through_the_pages(world, client_for):
    provider = coop()
    assessment = f.submitted(provider=provider)
    client = client_for("coordinator")
    client.post(reverse("readiness:take", args=[assessment.public_id]))
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.UNDER_REVIEW
    today = timezone.localdate()
    response = client.post(
        reverse("readiness:visit", args=[assessment.public_id]),
        {
            "visit_date": today.isoformat(),
            "visit_present": "Prezes",
            "visit_findings": "Zgodnie z kartą.",
            "version": assessment.version,
        },
    )
    assert response.status_code == 302
    response = client.post(
        reverse("readiness:decide", args=[assessment.public_id]),
        {
            "outcome": Outcome.READY_WITH_CONDITIONS,
            "reasons": "Spełnia wymagania.",
            "conditions": "Szkolenie BHP.",
            "conditions_due": (today + timedelta(days=30)).isoformat(),
            "valid_from": today.isoformat(),
            "valid_until": (today + timedelta(days=365)).isoformat(),
        },
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.DECIDED
    # A second submission of the same form (a double click) is refused cleanly.
    again = client.post(reverse("readiness:decide", args=[assessment.public_id]), {"outcome": "ready"})
    assert again.status_code == 302


def test_the_public_list_is_open_and_shows_only_providers_in_force(world, client):
    ready = coop(name="Spółdzielnia Gotowa")
    f.make_ready(provider=ready)
    lapsed = coop(name="Spółdzielnia Wygasła")
    today = timezone.localdate()
    f.make_ready(provider=lapsed, valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=1))
    refused = coop(name="Spółdzielnia Niegotowa")
    services.assessment_decide(
        actor=None,
        assessment=f.under_review(provider=refused),
        data={"outcome": Outcome.NOT_READY, "reasons": "Brak lokalu."},
    )
    cis = in_force(OrganisationFactory(name="CIS Gotowy", kind=OrganisationKind.CIS))
    f.make_ready(provider=cis)
    page = client.get(reverse("readiness:providers")).content.decode()
    assert "Spółdzielnia Gotowa" in page and "CIS Gotowy" in page
    assert "Wygasła" not in page and "Niegotowa" not in page
    body = client.get("/api/v1/public/providers", {"service": "opieka-wytchnieniowa", "unit": "04"}).json()
    names = {row["provider"] for row in body["items"]}
    assert names == {"Spółdzielnia Gotowa", "CIS Gotowy"}
    row = body["items"][0]
    assert set(row) == {
        "provider", "kind", "street", "postal_code", "city", "municipality", "municipality_name",
        "service", "service_name", "outcome", "decision", "valid_from", "valid_until",
    }  # fmt: skip
    janow = client.get("/api/v1/public/providers", {"unit": JANOW_LUBELSKI})
    assert janow.json().get("count") == 0, janow.json()
    by_id = client.get("/api/v1/public/providers", {"service": str(f.service().pk)}).json()
    assert by_id["count"] == 2
    bad = client.get("/api/v1/public/providers", {"service": "no-such-service"})
    assert bad.status_code == 422
    # A token, even an invalid one, changes nothing on the public list.
    tokened = client.get("/api/v1/public/providers", HTTP_AUTHORIZATION="Bearer nonsense")
    assert tokened.status_code == 200 and tokened.json()["count"] == 2


def test_the_api_is_scoped_like_the_pages(world, client_for):
    decision = f.make_ready(provider=world.org_b)
    mine = client_for("member_b").get("/api/v1/readiness/decisions").json()
    assert [row["number"] for row in mine["items"]] == [decision.number]
    assert mine["items"][0]["in_force_today"] is True
    assert client_for("coordinator").get("/api/v1/readiness/decisions").json()["count"] == 0
    url = f"/api/v1/readiness/assessments/{decision.assessment.public_id}"
    detail = client_for("member_b").get(url).json()
    assert detail["status"] == "decided" and detail["decision"] == str(decision.public_id)
    assert len(detail["items"]) == decision.assessment.items.count()
    assert client_for("coordinator").get(url).status_code == 404
    assert client_for("analyst").get(url).status_code == 403
    assert client_for("anonymous").get("/api/v1/readiness/decisions").status_code in (401, 403)


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_pages_take_a_fixed_number_of_queries(world, client_for):
    """One row or five: the same number of queries on every list page (no query per row)."""
    f.make_ready(provider=coop(name="Spółdzielnia 0"))
    f.submitted(provider=coop(name="Spółdzielnia X"))
    f.make_ready(provider=in_force(OrganisationFactory(name="CIS Gotowy", kind=OrganisationKind.CIS)))
    admin, anonymous = client_for("admin"), client_for("anonymous")
    urls = [
        (admin, reverse("readiness:list")),
        (admin, reverse("readiness:decisions")),
        (anonymous, reverse("readiness:providers")),
        (admin, "/api/v1/readiness/assessments"),
        (admin, "/api/v1/readiness/decisions"),
        (anonymous, "/api/v1/public/providers"),
    ]
    for client, url in urls:
        client.get(url)  # the session and caches warm
    before = [_queries(client, url) for client, url in urls]
    for index in range(1, 5):
        f.make_ready(provider=coop(name=f"Spółdzielnia {index}"))
        f.submitted(provider=coop(name=f"Spółdzielnia Y{index}"))
    kis = OrganisationFactory(name="KIS Gotowy", kind=OrganisationKind.KIS)
    start = timezone.localdate() - timedelta(days=100)
    registry.register_term_grant(actor=None, organisation=kis, data={"number": "KIS/1", "term_start": start})
    f.make_ready(provider=kis)
    after = [_queries(client, url) for client, url in urls]
    assert after == before
    assert max(before) <= 14


def test_the_lapse_command_is_idempotent(world):
    from io import StringIO

    from django.core.management import call_command

    today = timezone.localdate()
    f.make_ready(provider=coop(), valid_from=today - timedelta(days=400), valid_until=today - timedelta(days=1))
    out = StringIO()
    call_command("lapse_readiness", stdout=out)
    call_command("lapse_readiness", stdout=out)
    assert out.getvalue().splitlines() == ["1 readiness decisions lapsed.", "0 readiness decisions lapsed."]


def test_a_decision_of_a_cis_whose_entry_ended_says_so(world, client_for):
    cis = in_force(world.org_a)
    decision = f.make_ready(provider=cis)
    term = cis.register_terms.get()
    registry.register_term_end(actor=None, term=term, ended_on=timezone.localdate(), reason="Kontrola wojewody.")
    page = client_for("admin").get(reverse("readiness:decision", args=[decision.public_id])).content.decode()
    assert "not in force" in page and "text-bg-success" not in page


def test_the_public_list_speaks_polish(world, client, polish):
    f.make_ready(provider=coop(name="Spółdzielnia Gotowa"))
    page = client.get(reverse("readiness:providers")).content.decode()
    assert "Dostawcy z potwierdzoną gotowością" in page and "gotowy" in page
