"""The personal-data read log of two years: who was shown which fields of whom, for what, through which channel,
as the selectors decorated with ``audit.reads.shows_personal_data`` would have logged it."""

from collections import defaultdict
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType

from kooperacja.audit.models import PersonalDataAccess
from kooperacja.demo.country.referrals import Ref
from kooperacja.demo.country.stays import Stay
from kooperacja.demo.country.world import World, day_between, largest_remainder, moment
from kooperacja.training.models import Person
from kooperacja.training.selectors import LIST_FIELDS, NAME_FIELDS, STAFF_DETAIL_FIELDS

READS = 1_000_000
LOG_DAYS = 730
# purpose, fields, who reads (staff of the CIS/KIS, the county's coordinator, the provider), weight
STAFF_PURPOSES = (
    ("participants list", list(LIST_FIELDS), 40),
    ("participant page", list(STAFF_DETAIL_FIELDS), 25),
    ("attendance form", list(NAME_FIELDS), 12),
    ("cohort participants", list(NAME_FIELDS), 5),
    ("search by PESEL", list(NAME_FIELDS), 3),
)
REFERRAL_PURPOSES = (
    ("referral list", list(Person.HIRING_FIELDS), "coordinator", 8),
    ("referral detail", list(Person.HIRING_FIELDS), "coordinator", 4),
    ("provider candidates", list(Person.HIRING_FIELDS), "provider", 3),
)


def reads_write(world: World, stays: list[Stay], refs: list[Ref]) -> int:
    rng = world.rng("reads")
    as_of = world.as_of
    first_day = as_of - timedelta(days=LOG_DAYS)
    content_type = ContentType.objects.get_for_model(Person).pk
    providers: dict[int, list[int]] = defaultdict(list)
    for ref in refs:
        if ref.need.created_by is not None:
            providers[ref.stay.id].append(ref.need.created_by)
    spans = [float(max(1, (as_of - max(stay.path[0][1], first_day)).days)) for stay in stays]
    counts = largest_remainder(world.count(READS, 1), spans)
    staff_weights = [weight for _p, _f, weight in STAFF_PURPOSES]
    ids = iter(world.writer.ids(PersonalDataAccess, sum(counts)))

    def rows():
        for stay, count in zip(stays, counts, strict=True):
            staff = [user for role in ("pzs_staff", "social_worker") for user in world.staff[stay.org.id].get(role, [])]
            coordinators = world.coordinators_by_county.get(stay.org.county, [])
            enrolled = max(stay.path[0][1], first_day)
            for _ in range(count):
                day = day_between(rng, enrolled, as_of)
                actor = None
                if stay.ready_on is not None and day >= stay.ready_on and rng.random() < 0.3:
                    purpose, fields, reader, _weight = rng.choice(REFERRAL_PURPOSES)
                    choices = providers.get(stay.id) if reader == "provider" else coordinators
                    actor = rng.choice(choices) if choices else None
                if actor is None:
                    purpose, fields, _weight = rng.choices(STAFF_PURPOSES, weights=staff_weights)[0]
                    actor = rng.choice(staff) if staff else None
                channel = "api" if rng.random() < 0.08 else "web"
                yield (next(ids), actor, content_type, str(stay.person_id), fields, purpose, channel, moment(day, rng))

    return world.writer.write(
        PersonalDataAccess,
        ("id", "actor_id", "content_type_id", "object_id", "fields", "purpose", "channel", "at"),
        rows(),
    )
