from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kooperacja.demo.country import CountryRefused, country_generate
from kooperacja.demo.loader import DEMO_PASSWORD

HELP = f"""Generate a whole country of data to benchmark on, on top of the loaded territory and catalogue
(manage.py load_territory; manage.py load_catalogue). At --scale 1.0: about 10,000 organisations over every
municipality by population, 20,000 users, 100,000 participants with about 1,000,000 daily attendance records,
30,000 staffing needs, 50,000 referrals, 1,000,000 personal-data reads; every figure is multiplied by --scale.

The same --seed and --as-of give the same rows (except the random nonce inside each encrypted PESEL and the
password hashes). Dates are anchored on --as-of (today by default): stays, needs, referrals and reads lie before
it. Refuses a database that already holds organisations unless --force (which adds the country to them).

Bench users (password for all, as for every generated user: {DEMO_PASSWORD}):
  kraj.koordynator  coordinator at the MOPS of Kraków (city county, TERYT 1261)
  kraj.kadra        CIS/KIS staff at the largest CIS of Kraków (about 1,000 participants at scale 1)
  kraj.dostawca     social-economy manager at a social cooperative in Kraków with needs and referrals
  kraj.analityk     analyst at the voivode's office of mazowieckie
  kraj.admin        administrator (superuser)"""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs["formatter_class"] = RawDescriptionHelpFormatter
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="share of a whole country (default 1.0)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--as-of", type=date.fromisoformat, default=None, help="anchor date YYYY-MM-DD (default today)"
        )
        parser.add_argument("--force", action="store_true", help="generate even if the database holds organisations")

    def handle(self, *args, **options):
        scale = options["scale"]
        if not 0 < scale <= 5:
            raise CommandError("--scale must be above 0 and at most 5.")
        as_of = options["as_of"] or timezone.localdate()

        def report(stage: str, counts: dict[str, int], seconds: float) -> None:
            figures = ", ".join(f"{value:,} {name}" for name, value in counts.items())
            self.stdout.write(f"{stage:38} {seconds:7.1f} s   {figures}")
            self.stdout.flush()

        self.stdout.write(f"Generating a country at scale {scale} (seed {options['seed']}, as of {as_of}).")
        started = timezone.now()
        try:
            written = country_generate(
                scale=scale, seed=options["seed"], as_of=as_of, force=options["force"], report=report
            )
        except CountryRefused as exc:
            raise CommandError(str(exc)) from exc
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"Country ready: {sum(written.values()):,} rows in {len(written)} tables in {seconds:.1f} s."
            )
        )
