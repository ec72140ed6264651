"""Qualifications recorded without a certificate number become course completions where they were course results.

Until now one record served both a completed CIS/KIS course and a vocational qualification. The rule for the
existing rows, applied once:

- a row **with** a certificate number is a qualification with evidence: it stays, its evidence kind is
  ``certificate`` and its issuer is left empty (not recorded then);
- a row **without** a certificate number was recorded as a course result. It becomes a ``CourseCompletion`` (on
  the row's date, recorded by no one) when a programme of a cohort of the person's stay — the row's own stay
  first, otherwise any stay of the person — was built from a card that contains the row's code with that
  qualification met by the course (``met_by`` ``course`` or ``course_or_evidence``); the row is then deleted.
  One completion per stay, card version and course variant: several such rows of one course make one completion
  (the earliest date).
- any other row without a certificate number stays, with an empty issuer: the person still holds the
  qualification for matching, and the participant page marks its evidence as incomplete. A new record needs a
  document number and an issuer (``training.services.qualification_gain``); these old rows are not edited.

Reversing the migration keeps the completions and restores nothing (the rows it deleted carried no more than
the completions do).
"""

from django.db import migrations

COURSE_MET_BY = ("course", "course_or_evidence")


def convert(apps, schema_editor):
    QualificationGained = apps.get_model("training", "QualificationGained")
    CourseCompletion = apps.get_model("training", "CourseCompletion")
    Participation = apps.get_model("training", "Participation")
    Qualification = apps.get_model("catalogue", "Qualification")
    rows = list(
        QualificationGained.objects.filter(certificate_number="").values_list(
            "pk", "person_id", "participation_id", "code", "issued_on"
        )
    )
    if not rows:
        return
    person_ids = {row[1] for row in rows}
    # Per participation: its person and the (card version, variant) of its cohorts' programmes.
    courses_of: dict[int, set[tuple[int, str]]] = {}
    stays_of: dict[int, list[int]] = {}
    through = Participation.cohorts.through
    for participation_id, person_id, card_id, variant in through.objects.filter(
        participation__person_id__in=person_ids
    ).values_list(
        "participation_id",
        "participation__person_id",
        "cohort__programme__card_version_id",
        "cohort__programme__variant",
    ):
        courses_of.setdefault(participation_id, set()).add((card_id, variant))
        stays_of.setdefault(person_id, [])
        if participation_id not in stays_of[person_id]:
            stays_of[person_id].append(participation_id)
    card_ids = {card_id for courses in courses_of.values() for card_id, _variant in courses}
    course_codes: dict[int, set[str]] = {}
    for card_id, code in Qualification.objects.filter(
        version_id__in=card_ids, met_by__in=COURSE_MET_BY
    ).values_list("version_id", "code"):
        course_codes.setdefault(card_id, set()).add(code)
    completions: dict[tuple[int, int, str], object] = {}
    converted = []
    for pk, person_id, participation_id, code, issued_on in rows:
        stays = sorted(stays_of.get(person_id, []))
        if participation_id in stays:
            stays.remove(participation_id)
            stays.insert(0, participation_id)
        match = None
        for stay in stays:
            for card_id, variant in sorted(courses_of.get(stay, ())):
                if code in course_codes.get(card_id, ()):
                    match = (stay, card_id, variant)
                    break
            if match:
                break
        if match is None:
            continue
        converted.append(pk)
        if match not in completions or issued_on < completions[match]:
            completions[match] = issued_on
    existing = set(
        CourseCompletion.objects.filter(participation_id__in={key[0] for key in completions}).values_list(
            "participation_id", "card_version_id", "variant"
        )
    )
    CourseCompletion.objects.bulk_create(
        [
            CourseCompletion(participation_id=stay, card_version_id=card_id, variant=variant, completed_on=day)
            for (stay, card_id, variant), day in completions.items()
            if (stay, card_id, variant) not in existing
        ],
        batch_size=500,
    )
    for start in range(0, len(converted), 500):
        QualificationGained.objects.filter(pk__in=converted[start : start + 500]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0017_course_completions_and_evidence"),
        ("catalogue", "0003_qualification_met_by_from_cards"),
    ]

    operations = [migrations.RunPython(convert, migrations.RunPython.noop)]
