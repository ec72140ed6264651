"""Background work of the accounts app: thin tasks that call one service."""

from django_tasks import task

from kooperacja.accounts import services


@task()
def password_reset_mail_send(email: str, language: str, domain: str, scheme: str) -> None:
    services.password_reset_mail_send(email=email, language=language, domain=domain, scheme=scheme)
