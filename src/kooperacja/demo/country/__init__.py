"""A whole country of generated data to benchmark on (``manage.py generate_country``).

Built on the loaded territory and catalogue, through bulk writes only (COPY on PostgreSQL), deterministic for a
seed and an anchor date. One module per topic; ``run.country_generate`` puts the stages in order."""

from kooperacja.demo.country.run import CountryRefused, country_generate

__all__ = ["CountryRefused", "country_generate"]
