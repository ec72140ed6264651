import pytest
from django.urls import reverse

from kooperacja.accounts.models import ApiToken
from kooperacja.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def test_it_signs_in_and_out(client, world):
    response = client.post(reverse("accounts:login"), {"username": "coordinator", "password": "test-password-123"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_it_locks_out_after_repeated_failures(client, world):
    for _attempt in range(5):
        client.post(reverse("accounts:login"), {"username": "coordinator", "password": "wrong"})
    response = client.post(reverse("accounts:login"), {"username": "coordinator", "password": "test-password-123"})
    assert response.status_code == 429
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_it_creates_a_token_showing_the_secret_once(client_for, world):
    client = client_for("social_worker")
    response = client.post(reverse("accounts:profile"), {"name": "raporty"})
    body = response.content.decode()
    token = ApiToken.objects.get(user=world.user("social_worker"))
    secret = body.split('data-testid="new-token">')[1].split("<")[0]
    assert secret.startswith("koop_") and ApiToken.hash_key(secret) == token.key_hash
    assert secret not in client.get(reverse("accounts:profile")).content.decode()


def test_it_refuses_a_token_without_a_name(client_for, world):
    response = client_for("social_worker").post(reverse("accounts:profile"), {"name": ""})
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_it_authenticates_api_requests_with_a_token_until_revoked(client, client_for, world):
    token, secret = api_token_create(user=world.user("coordinator"), name="skrypt")
    response = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.json()["username"] == "coordinator"
    client_for("coordinator").post(reverse("accounts:token-revoke", args=[token.pk]))
    response = client.get("/api/v1/accounts/me", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 401 and response.json()["code"] == "invalid_token"


def test_it_does_not_let_a_user_revoke_another_users_token(client_for, world):
    token, _secret = api_token_create(user=world.user("coordinator"), name="skrypt")
    response = client_for("member_b").post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.is_active


def test_api_token_lifecycle(client, world):
    _token, secret = api_token_create(user=world.user("pes_manager"), name="pierwszy")
    auth = {"Authorization": f"Bearer {secret}"}
    created = client.post("/api/v1/accounts/tokens", {"name": "drugi"}, content_type="application/json", headers=auth)
    assert created.status_code == 201 and created.json()["secret"].startswith("koop_")
    listed = client.get("/api/v1/accounts/tokens", headers=auth).json()
    assert {t["name"] for t in listed} == {"pierwszy", "drugi"}
    assert all("secret" not in t and "key_hash" not in t for t in listed)
    deleted = client.delete(f"/api/v1/accounts/tokens/{created.json()['id']}", headers=auth)
    assert deleted.status_code == 204
    bad = client.post("/api/v1/accounts/tokens", {"name": ""}, content_type="application/json", headers=auth)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "name"


def test_api_requires_csrf_for_session_writes(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("coordinator"))
    response = client.post("/api/v1/accounts/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"


def test_api_answers_401_to_anonymous_on_protected_routes(client, world):
    response = client.get("/api/v1/accounts/me")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
