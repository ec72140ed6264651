"""Background work of notifications: one daily summary per task, run by ``db_worker``."""

from datetime import date

from django_tasks import task

from kooperacja.notifications import services


@task()
def digest_send(user_id: int, on: str) -> bool:
    return services.digest_send(user_id=user_id, on=date.fromisoformat(on))
