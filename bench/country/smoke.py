"""Click through the main pages and list endpoints as the bench personas on a generated country.

Signs each persona in with the Django test client (no server), requests each page once and prints its status,
time and number of queries. It only checks that nothing errors on the country's data; the load benchmark
measures speed. Usage (after `manage.py generate_country`):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kooperacja_country .venv/bin/python bench/country/smoke.py
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kooperacja.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from kooperacja.demo.loader import DEMO_PASSWORD  # noqa: E402
from kooperacja.placement.models import Referral  # noqa: E402

API = "/api/v1"
PAGES = {
    "kraj.koordynator": [
        reverse("core:home"),
        reverse("registry:list"),
        reverse("staffing:index"),
        reverse("staffing:need-list"),
        reverse("staffing:round-list"),
        reverse("placement:index"),
        reverse("placement:referral-list"),
        "REFERRAL",
        f"{API}/organisations?limit=50",
        f"{API}/staffing/needs?limit=50",
        f"{API}/placement/referrals?limit=50",
    ],
    "kraj.kadra": [
        reverse("training:participant-list"),
        reverse("training:programme-list"),
        f"{API}/training/participants?limit=50",
    ],
    "kraj.dostawca": [reverse("staffing:my-needs"), reverse("placement:provider-candidates")],
    "kraj.analityk": [reverse("staffing:index"), reverse("registry:list")],
    "kraj.admin": [reverse("registry:list"), reverse("placement:referral-list")],
}


def main() -> int:
    failures = 0
    for username, urls in PAGES.items():
        client = Client()
        if not client.login(username=username, password=DEMO_PASSWORD):
            print(f"{username}: cannot sign in")
            return 1
        for url in urls:
            if url == "REFERRAL":
                referral = Referral.objects.filter(need__municipality__code__startswith="1261").order_by("-id").first()
                url = reverse("placement:referral-detail", kwargs={"public_id": referral.public_id})
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
            failures += response.status_code != 200
            print(f"{username:18} {response.status_code} {elapsed:8.0f} ms {len(queries):4} queries  {url}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
