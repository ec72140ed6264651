"""Fuzzing of the whole API with schemathesis: ``make fuzz`` (not collected by ``make test``).

Every operation of ``/api/v1/openapi.json`` is called in-process through WSGI with generated valid and
invalid input (schemathesis' coverage and fuzzing phases), once with a coordinator's token and once with
an administrator's. Every answer must be no server error, carry a documented status code and content
type, and match its documented schema. ``FUZZ_MAX_EXAMPLES`` bounds the generated cases per operation;
``FUZZ_SEED`` replays a run.
"""

import os
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from schemathesis.engine import events

from kooperacja.api import api

MAX_EXAMPLES = int(os.environ.get("FUZZ_MAX_EXAMPLES", "25"))
SEED = int(os.environ.get("FUZZ_SEED", "20260101"))
CHECKS = ("not_a_server_error", "status_code_conformance", "content_type_conformance", "response_schema_conformance")


def fuzz(secret: str, *, keep_usable: int) -> tuple[Counter, list[str]]:
    """Runs schemathesis over the whole API with this token: (answers by status code, failures described).

    The fuzzer may revoke its own token through ``DELETE /accounts/tokens/{id}``; the token
    ``keep_usable`` is restored after every call, so that the rest of the run is not all 401s.
    """
    from kooperacja.accounts.models import ApiToken

    config = schemathesis.Config.from_dict(
        {
            "headers": {"Authorization": f"Bearer {secret}"},
            "seed": SEED,
            "cache": {"enabled": False},
            "workers": 1,
            "checks": {"enabled": False, **{name: {"enabled": True} for name in CHECKS}},
            "phases": {"examples": {"enabled": False}, "stateful": {"enabled": False}},
            "generation": {"max-examples": MAX_EXAMPLES, "mode": "all"},
        }
    )
    schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"), config=config)
    schema.app = WSGIHandler()  # Django is set up already: get_wsgi_application() would reset the logging

    statuses, failures = Counter(), []

    @schema.hook
    def after_call(context, case, response):
        statuses[response.status_code] += 1
        ApiToken.objects.filter(pk=keep_usable).exclude(revoked_at=None).update(revoked_at=None)
        # The engine may call from its own thread: leave no connection open there (the test database is
        # dropped at the end of the run).
        connection.close()

    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            for checks in event.recorder.checks.values():
                failures += [
                    f"{event.label} [{event.phase}] {check.name}: {check.failure_info.failure.title}\n"
                    f"  {check.failure_info.failure.message}\n  {check.failure_info.code_sample}"
                    for check in checks
                    if check.failure_info is not None
                ]
        elif isinstance(event, events.NonFatalError | events.FatalError):
            failures.append(f"{getattr(event, 'label', 'engine')}: {getattr(event, 'value', None) or event.exception}")
    return statuses, failures


@pytest.mark.parametrize("persona", ["coordinator", "administrator"])
def test_it_answers_within_the_documented_contract(persona, fuzz_tokens, committed_db):
    token_id, secret = fuzz_tokens[persona]
    statuses, failures = fuzz(secret, keep_usable=token_id)
    print(f"\n{persona}: {statuses.total()} requests, by status: {dict(sorted(statuses.items()))}")
    # The run reached the data, not only the error answers.
    assert statuses[200] > 0
    assert failures == [], f"{len(failures)} failures:\n" + "\n".join(failures)
