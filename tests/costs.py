"""What a page costs: the number of queries it makes, which must not depend on how many rows there are.

Each list test measures a page with a small data set, adds rows (visible to the user, beyond one page, and
rows the user may not see), measures again, and asserts the same fixed number both times.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url: str, **headers) -> int:
    """Queries of one GET of ``url`` (answered with 200), after a first request that warms process caches."""
    client.get(url, headers=headers)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)
