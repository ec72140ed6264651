"""Settings of the load benchmark's server: the product's settings, plus a query counter in front of the
middleware and the bench URLconf (the product's routes and the bare lists). Set by ``bench/load/run.py``
through ``DJANGO_SETTINGS_MODULE=bench.load.settings``."""

from kooperacja.settings import *  # noqa: F403
from kooperacja.settings import MIDDLEWARE

MIDDLEWARE = ["bench.load.middleware.QueryCountMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "bench.load.urls"
