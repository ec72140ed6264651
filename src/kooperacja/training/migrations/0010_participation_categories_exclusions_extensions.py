# A participation records one or more categories of art. 1 ust. 2 (the single category it had becomes one
# row), the check of the exclusions of art. 1 ust. 3, and the decisions extending a CIS stay.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def categories_from_eligibility(apps, schema_editor):
    Participation = apps.get_model("training", "Participation")
    ParticipationCategory = apps.get_model("training", "ParticipationCategory")
    rows = Participation.objects.exclude(eligibility="").values_list("pk", "eligibility").iterator(chunk_size=5000)
    batch = []
    for pk, code in rows:
        batch.append(ParticipationCategory(participation_id=pk, category=code))
        if len(batch) >= 5000:
            ParticipationCategory.objects.bulk_create(batch)
            batch = []
    ParticipationCategory.objects.bulk_create(batch)


def eligibility_from_categories(apps, schema_editor):
    Participation = apps.get_model("training", "Participation")
    ParticipationCategory = apps.get_model("training", "ParticipationCategory")
    # Going back keeps one category of each participation (the first by code).
    first: dict[int, str] = {}
    for pk, code in ParticipationCategory.objects.order_by("participation_id", "category").values_list(
        "participation_id", "category"
    ):
        first.setdefault(pk, code)
    for pk, code in first.items():
        Participation.objects.filter(pk=pk).update(eligibility=code)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0009_statutory_parameters_move_to_law"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="participation",
            name="exclusion",
            field=models.CharField(
                blank=True,
                choices=[
                    ("unemployment_benefit", "unemployment benefit (zasiłek dla bezrobotnych)"),
                    ("pre_retirement_allowance", "pre-retirement allowance (zasiłek przedemerytalny)"),
                    ("pre_retirement_benefit", "pre-retirement benefit (świadczenie przedemerytalne)"),
                    ("structural_pension", "structural pension (renta strukturalna)"),
                    ("disability_pension", "pension for inability to work (renta z tytułu niezdolności do pracy)"),
                    ("retirement_pension", "retirement pension (emerytura)"),
                    (
                        "teacher_compensation",
                        "teachers' compensation benefit (nauczycielskie świadczenie kompensacyjne)",
                    ),
                ],
                max_length=30,
                verbose_name="benefit the person is entitled to (art. 1 ust. 3)",
            ),
        ),
        migrations.AddField(
            model_name="participation",
            name="exclusions_checked_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="exclusions checked at"),
        ),
        migrations.AddField(
            model_name="participation",
            name="exclusions_checked_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.CreateModel(
            name="ParticipationCategory",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "category",
                    models.CharField(
                        choices=[
                            (
                                "homeless",
                                "homeless persons implementing an individual programme of leaving homelessness, within the meaning of the social assistance law",
                            ),
                            ("alcohol", "alcohol-dependent persons"),
                            ("drugs", "persons dependent on drugs or other intoxicants"),
                            (
                                "mental",
                                "persons with mental disorders, within the meaning of the mental health protection law",
                            ),
                            (
                                "long_term_unemployed",
                                "long-term unemployed, within the meaning of the law on employment promotion and labour market institutions",
                            ),
                            (
                                "former_prisoner",
                                "persons released from prison who have difficulties integrating into the community, within the meaning of the social assistance law",
                            ),
                            (
                                "refugee",
                                "refugees implementing an individual integration programme, within the meaning of the social assistance law",
                            ),
                            (
                                "disabled",
                                "persons with disabilities, within the meaning of the law on vocational and social rehabilitation and employment of persons with disabilities",
                            ),
                        ],
                        max_length=30,
                        verbose_name="eligibility category",
                    ),
                ),
                (
                    "participation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="categories",
                        to="training.participation",
                    ),
                ),
            ],
            options={
                "verbose_name": "eligibility category",
                "verbose_name_plural": "eligibility categories",
                "ordering": ["participation", "category"],
                "indexes": [models.Index(fields=["category"], name="training_pa_categor_13ef5d_idx")],
                "constraints": [
                    models.UniqueConstraint(fields=("participation", "category"), name="participation_category_unique")
                ],
            },
        ),
        migrations.CreateModel(
            name="PeriodExtension",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("decided_on", models.DateField(verbose_name="decided on")),
                ("previous_planned_end", models.DateField(verbose_name="planned end before")),
                ("new_planned_end", models.DateField(verbose_name="new planned end")),
                ("justification", models.TextField(verbose_name="justification")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "decided_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="decided by",
                    ),
                ),
                (
                    "participation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="extensions",
                        to="training.participation",
                    ),
                ),
            ],
            options={
                "verbose_name": "extension of the participation period",
                "verbose_name_plural": "extensions of the participation period",
                "ordering": ["participation", "new_planned_end", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("new_planned_end__gt", models.F("previous_planned_end"))),
                        name="extension_later_end",
                    )
                ],
            },
        ),
        migrations.RunPython(categories_from_eligibility, eligibility_from_categories),
        migrations.RemoveField(
            model_name="participation",
            name="eligibility",
        ),
    ]
