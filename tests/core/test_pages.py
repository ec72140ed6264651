import pytest


@pytest.mark.django_db
def test_it_reports_database_health(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_it_shows_the_home_page_in_polish_by_default(client, polish):
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "pl"
    assert 'lang="pl"' in response.content.decode()
    assert "Przejdź do treści" in response.content.decode()


@pytest.mark.django_db
def test_it_switches_to_english(client, polish):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert 'lang="en"' in response.content.decode()
    assert "Skip to main content" in response.content.decode()


@pytest.mark.django_db
def test_it_describes_sections_that_are_not_built_yet(client, polish):
    response = client.get("/sections/cooperation3d/")
    assert response.status_code == 200
    assert "Partnerski Zespół Kooperacyjny" in response.content.decode()


@pytest.mark.django_db
def test_it_answers_404_for_unknown_sections(client):
    assert client.get("/sections/nothing/").status_code == 404


def test_it_is_configured_polish_first():
    from kooperacja import settings as project_settings

    assert project_settings.LANGUAGE_CODE == "pl"
    assert [code for code, _name in project_settings.LANGUAGES] == ["pl", "en"]


@pytest.mark.django_db
def test_it_sends_built_sections_to_their_own_pages(client):
    assert client.get("/sections/sphere1/").status_code == 404
    response = client.get("/")
    assert 'href="/staffing/"' in response.content.decode()


@pytest.mark.django_db
def test_it_stays_polish_for_an_english_browser_until_english_is_chosen(client, polish):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert 'lang="pl"' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/", headers={"Accept-Language": "pl"}).content.decode()


@pytest.mark.django_db
def test_the_admin_shows_service_managed_records_read_only(client_for, world):
    admin = client_for("admin")
    assert admin.get("/admin/registry/organisation/").status_code == 200
    assert admin.get("/admin/registry/organisation/add/").status_code == 403
    change = admin.get(f"/admin/registry/organisation/{world.org_a.pk}/change/")
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert admin.get("/admin/territory/unit/add/").status_code == 403


@pytest.mark.django_db
def test_it_answers_favicon_ico_with_the_static_icon(client):
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("kooperacja/favicon.ico")
    for name in ("favicon.ico", "favicon.svg", "favicon-32.png", "apple-touch-icon.png"):
        assert finders.find(f"kooperacja/{name}"), name
    page = client.get("/").content.decode()
    assert 'rel="icon" href="/static/kooperacja/favicon.svg" type="image/svg+xml"' in page
    assert 'rel="apple-touch-icon"' in page
