"""Background work of notifications: one daily summary per task, run by ``db_worker``."""

from datetime import date

from django_tasks import task

from kooperacja.notifications import services


@task()
def digest_send(user_id: int, on: str) -> bool:
    return services.digest_send(user_id=user_id, on=date.fromisoformat(on))


@task()
def email_send(user_id: int, title: str, link: str, params: dict, body: str = "") -> bool:
    """One notification e-mail (``services.notify_by_email`` queues it on commit)."""
    return services.email_send(user_id=user_id, title=title, link=link, params=params, body=body)
