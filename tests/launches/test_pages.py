"""Pages per role: the owner drafts and moves a launch, a partner answers, another organisation gets 404, anonymous
is sent to sign in; the paper application's confirmation prints the access code once; the e-mail task."""

import pytest
from django.core import mail
from django.test import TestCase

from kooperacja.launches.models import Application, Launch, LaunchState
from kooperacja.notifications.services import notify_by_email
from kooperacja.notifications.tasks import email_send
from tests.launches.factories import announced, direct_data, draft, other_coordinator, recruiting

pytestmark = pytest.mark.django_db


def test_the_sphere_page_and_the_list(world, client_for, polish):
    launch = draft(world)
    page = client_for("coordinator").get("/launches/")
    assert page.status_code == 200 and "/launches/list/" in page.content.decode()
    listing = client_for("coordinator").get("/launches/list/", {"state": "draft"}).content.decode()
    assert launch.title in listing
    assert launch.title not in client_for("analyst").get("/launches/list/").content.decode()  # a draft


def test_the_owner_creates_a_launch_through_the_form(world, client_for):
    from tests.commissioning.factories import service_type

    response = client_for("coordinator").post(
        "/launches/new/",
        {
            "owner": world.ops.pk,
            "title": "Pakiet",
            "description": "Opis",
            "form": "cooperative_natural",
            "service_0": service_type("opieka-wytchnieniowa").pk,
            "service_0_unit": "hours",
            "service_0_volume": "100",
            "service_0_start": "2027-01-01",
            "service_0_end": "2027-12-31",
            "budget_0_source": "pfron",
            "budget_0_amount": "1000",
        },
    )
    launch = Launch.objects.get(title="Pakiet")
    assert response.status_code == 302 and response["Location"] == f"/launches/{launch.public_id}/"
    assert launch.budget_lines.get().source == "pfron"


def test_the_detail_per_role(world, client_for):
    launch = recruiting(world)
    url = f"/launches/{launch.public_id}/"
    owner = client_for("coordinator").get(url).content.decode()
    assert "Start the preparation" in owner and "Enter a paper application" in owner
    partner = client_for("pzs_staff").get(url)
    assert partner.status_code == 200 and "Start the preparation" not in partner.content.decode()
    other = client_for("coordinator")
    other.force_login(other_coordinator())
    assert other.get(url).status_code == 404
    anonymous = client_for("anonymous").get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_the_owner_moves_the_launch_with_a_button_and_a_stale_version_is_refused(world, client_for):
    launch = recruiting(world)
    client = client_for("coordinator")
    stale = client.post(f"/launches/{launch.public_id}/move/training/", {"version": launch.version - 1}, follow=True)
    assert "Someone else changed this launch" in stale.content.decode()
    assert Launch.objects.get(pk=launch.pk).state == LaunchState.RECRUITING
    client.post(f"/launches/{launch.public_id}/move/training/", {"version": launch.version})
    assert Launch.objects.get(pk=launch.pk).state == LaunchState.TRAINING


def test_a_partner_commits_on_its_page(world, client_for):
    launch = announced(world)
    partner = launch.partners.get(organisation=world.org_a)
    response = client_for("pzs_staff").post(
        f"/launches/{launch.public_id}/partners/{partner.public_id}/commit/",
        {
            "version": partner.version,
            "item_0_kind": "recruitment",
            "item_0_candidates": "4",
            "item_0_due_on": "2027-03-01",
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.state == "committed" and partner.commitments.get().candidates == 4
    again = client_for("pzs_staff").post(
        f"/launches/{launch.public_id}/partners/{partner.public_id}/decline/", {"version": partner.version}
    )
    assert "already answered" in again.content.decode()


def test_the_paper_application_prints_the_access_code_once(world, client_for):
    launch = recruiting(world)
    client = client_for("coordinator")
    data = direct_data(last_name="Zawadzka-Próbna")
    data["birth_date"] = data["birth_date"].isoformat()
    response = client.post(f"/launches/{launch.public_id}/applications/new/", data)
    application = Application.objects.get()
    confirmation = f"/launches/{launch.public_id}/applications/{application.public_id}/confirmation/"
    assert response["Location"] == confirmation
    assert "Print the confirmation" in client.get(confirmation).content.decode()
    pdf = client.get(confirmation.replace("confirmation/", "confirmation.pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    again = client.get(confirmation.replace("confirmation/", "confirmation.pdf"))
    assert again.status_code == 302  # the code is not kept
    names = client_for("analyst").get(f"/launches/{launch.public_id}/applications/").content.decode()
    assert application.entry_code in names and application.last_name not in names


def test_the_paper_application_after_a_refusal_shows_the_message_and_saves_nothing(world, client_for):
    launch = recruiting(world)
    data = direct_data(categories=["under_30"])
    data["birth_date"] = data["birth_date"].isoformat()
    response = client_for("coordinator").post(f"/launches/{launch.public_id}/applications/new/", data)
    assert response.status_code == 200 and "none of the categories" in response.content.decode()
    assert not Application.objects.exists()


def test_the_email_task_sends_in_the_recipients_language_with_an_absolute_link(world, settings):
    settings.SITE_URL = "https://kooperacja.example"
    user = world.user("pzs_staff")
    user.email = "cis@example.org"
    user.save()
    without_address = world.user("no_membership")
    without_address.email = ""
    without_address.save()
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        queued = notify_by_email(
            recipients=[user, world.user("no_membership")],
            title="Invitation to the launch of a package of social services: %(title)s",
            params={"title": "Opieka"},
            link="/launches/",
        )
    assert queued == 1
    assert [message.to for message in mail.outbox] == [["cis@example.org"]]
    assert "Opieka" in mail.outbox[0].subject
    assert "https://kooperacja.example/launches/" in mail.outbox[0].body
    assert email_send.call(user_id=world.user("no_membership").pk, title="x", link="/", params={}) is False


def test_a_cis_puts_its_participant_forward_and_sees_only_its_own_candidates(world, client_for):
    from tests.training.factories import enrol

    participation = enrol(actor=world.user("pzs_staff"), organisation=world.org_a)
    launch = recruiting(world)
    client = client_for("pzs_staff")
    form = client.get(f"/launches/{launch.public_id}/applications/propose/").content.decode()
    assert str(participation.public_id) in form
    response = client.post(
        f"/launches/{launch.public_id}/applications/propose/",
        {"participation": str(participation.public_id), "categories": ["social_employment"], "consent": "on"},
    )
    application = Application.objects.get()
    assert response.status_code == 302 and application.participation == participation
    assert application.referred_by == world.org_a and application.pesel_index == participation.person.pesel_index
    listing = client.get(f"/launches/{launch.public_id}/applications/").content.decode()
    assert participation.person.last_name in listing


def test_the_selection_is_linked_only_for_those_who_may_open_it(world, client_for):
    from tests.launches.factories import ranked_launch

    launch, selection, _ = ranked_launch(world)
    overview = f"/selections/{selection.public_id}/"
    assert overview in client_for("coordinator").get(f"/launches/{launch.public_id}/").content.decode()
    analyst = client_for("analyst")
    assert analyst.get(f"/launches/{launch.public_id}/").status_code == 200
    assert overview not in analyst.get(f"/launches/{launch.public_id}/").content.decode()
    assert analyst.get(overview).status_code == 404
