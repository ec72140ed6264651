"""Register terms replace the one-row register entry; "social enterprise" becomes a status, not a kind.

Data, honestly carried over:

* Every ``RegisterEntry`` becomes one ``RegisterTerm`` (the history starts with it). A CIS term keeps its end (or
  gets the statutory five years less one day); a KIS entry has no end. The former decision was never recorded:
  the decision number stays empty and the note says so; an entry the voivode's office had not confirmed says
  that too.
* "suspended" is not in the act: a suspended CIS status becomes *withdrawn*, a suspended KIS *struck off*, from the
  day of the recorded change (or of the entry's last update), with a note asking the register officer to check
  it. Nothing that was not in force is put back in force. A CIS entry marked "struck off" becomes *withdrawn* (the
  CIS word for it); a KIS marked "expired" (a KIS entry does not expire) becomes *struck off*; a CIS marked
  "expired" whose end had not passed becomes *withdrawn* from its last update. Expiry is otherwise computed.
* Organisations of the former kind ``social_enterprise`` become ``company`` ("Spółka / przedsiębiorca"): a social
  enterprise is most often a company (non-profit) or a cooperative, and the legal form was not recorded, so the
  kind that claims least is chosen; the change is recorded as a change of reach (who: the system, why: this
  migration) and a social-enterprise status row is created from the organisation's creation day, with an empty
  decision number and a note asking the register officer to complete or revoke it.
* The dated parameter ``cis_status_term_years`` (five years, art. 5 of the act) is loaded.
"""

from datetime import date, timedelta

from django.db.models import Max
from django.utils import timezone


import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


SYSTEM_NOTE = "Przeniesiono z dawnego wpisu do rejestru (zmiana modelu rejestru)."
NO_DECISION = "Numer i data decyzji wojewody nie były zapisane — do uzupełnienia przez urząd wojewódzki."
NOT_CONFIRMED = "Wpis wprowadziła organizacja; urząd wojewódzki go nie potwierdził."
SUSPENDED = (
    "Wpis był „zawieszony”; ustawa o zatrudnieniu socjalnym nie zna zawieszenia — przeniesiono jako {what} "
    "z dniem zmiany. Urząd wojewódzki powinien to sprawdzić."
)
SE_REASON = (
    "Zmiana modelu: przedsiębiorstwo społeczne to status nadawany decyzją wojewody, nie rodzaj organizacji; "
    "rodzaj ustawiono na „Spółka / przedsiębiorca”."
)
SE_NOTE = (
    "Przeniesiono z dawnego rodzaju „przedsiębiorstwo społeczne”. Numer i data decyzji wojewody nie były "
    "zapisane — urząd wojewódzki powinien je uzupełnić (nadając status ponownie) albo status odebrać."
)


def load_parameters(apps, schema_editor):
    from kooperacja.law.parameters import apply_parameters

    apply_parameters(apps.get_model("law", "StatutoryParameter"))


def _five_years_less_a_day(start):
    try:
        anniversary = start.replace(year=start.year + 5)
    except ValueError:  # 29 February
        anniversary = start.replace(year=start.year + 5, day=28) + timedelta(days=1)
    return anniversary - timedelta(days=1)


def entries_to_terms(apps, schema_editor):
    RegisterEntry = apps.get_model("registry", "RegisterEntry")
    RegisterTerm = apps.get_model("registry", "RegisterTerm")
    RegisterEvent = apps.get_model("registry", "RegisterEvent")
    ReachChange = apps.get_model("registry", "ReachChange")
    today = timezone.localdate()
    for entry in RegisterEntry.objects.select_related("organisation").iterator():
        organisation = entry.organisation
        if organisation.kind in ("cis", "kis"):
            register = organisation.kind
        else:  # the kind was changed since: an entry with an end was a CIS status
            register = "cis" if entry.valid_until else "kis"
        change = ReachChange.objects.filter(organisation_id=entry.organisation_id, kind="register_status").order_by("-at").first()
        changed_on = max(entry.entry_date, (change.at if change else entry.updated_at).date())
        notes = [SYSTEM_NOTE]
        status, ended_on, reason, end = None, None, "", None
        if register == "cis":
            end = entry.valid_until or _five_years_less_a_day(entry.entry_date)
            end = max(end, entry.entry_date)
            notes.append(NO_DECISION)
            if entry.status == "active":
                status = "granted"
            elif entry.status == "expired" and end < today:
                status = "granted"  # expiry is computed from the end
            else:
                status, ended_on = "withdrawn", changed_on
                if entry.status == "suspended":
                    notes.append(SUSPENDED.format(what="cofnięty"))
        else:
            if entry.valid_until:
                notes.append(f"Dawny wpis podawał datę ważności {entry.valid_until.isoformat()}; wpis KIS nie wygasa.")
            if entry.status == "active":
                status = "entered"
            else:
                status, ended_on = "struck_off", changed_on
                if entry.status == "suspended":
                    notes.append(SUSPENDED.format(what="skreślony"))
        if ended_on is not None:
            reason = (change.reason if change else "") or "Stan sprzed zmiany modelu rejestru."
        if entry.confirmed_at is None:
            notes.append(NOT_CONFIRMED)
        term = RegisterTerm.objects.create(
            organisation_id=entry.organisation_id,
            register=register,
            status=status,
            number=entry.number,
            voivodeship_id=entry.voivodeship_id,
            term_start=entry.entry_date,
            term_end=end,
            ended_on=ended_on,
            end_reason=reason,
            note=" ".join(notes)[:1000],
            recorded_by_id=entry.confirmed_by_id,
            recorded_at=entry.confirmed_at or entry.updated_at,
        )
        RegisterEvent.objects.create(
            organisation_id=entry.organisation_id,
            term=term,
            from_state="",
            to_state=status,
            actor_id=entry.confirmed_by_id,
            note=SYSTEM_NOTE,
        )


def terms_to_entries(apps, schema_editor):
    """Back to one entry per organisation: its latest term."""
    RegisterEntry = apps.get_model("registry", "RegisterEntry")
    RegisterTerm = apps.get_model("registry", "RegisterTerm")
    today = timezone.localdate()
    latest = RegisterTerm.objects.values("organisation").annotate(start=Max("term_start"))
    for row in latest:
        term = RegisterTerm.objects.filter(organisation_id=row["organisation"], term_start=row["start"]).last()
        if term.status in ("withdrawn", "struck_off"):
            status = "struck_off"
        elif term.term_end and term.term_end < today:
            status = "expired"
        else:
            status = "active"
        RegisterEntry.objects.create(
            organisation_id=term.organisation_id,
            number=term.number,
            entry_date=term.term_start,
            valid_until=term.term_end,
            voivodeship_id=term.voivodeship_id,
            status=status,
            confirmed_by_id=term.recorded_by_id,
            confirmed_at=term.recorded_at if term.recorded_by_id else None,
        )


def social_enterprises_to_status(apps, schema_editor):
    Organisation = apps.get_model("registry", "Organisation")
    SocialEnterpriseStatus = apps.get_model("registry", "SocialEnterpriseStatus")
    RegisterEvent = apps.get_model("registry", "RegisterEvent")
    ReachChange = apps.get_model("registry", "ReachChange")
    for organisation in Organisation.objects.filter(kind="social_enterprise").iterator():
        organisation.kind = "company"
        organisation.version += 1
        organisation.save(update_fields=["kind", "version", "updated_at"])
        ReachChange.objects.create(
            organisation=organisation,
            kind="territory_kind",
            changes={"kind": ["social_enterprise", "company"]},
            reason=SE_REASON,
            actor=None,
        )
        status = SocialEnterpriseStatus.objects.create(
            organisation=organisation, valid_from=organisation.created_at.date(), note=SE_NOTE
        )
        RegisterEvent.objects.create(
            organisation=organisation,
            social_enterprise_status=status,
            from_state="",
            to_state="active",
            note=SE_NOTE[:500],
        )


def statuses_to_social_enterprises(apps, schema_editor):
    Organisation = apps.get_model("registry", "Organisation")
    migrated = apps.get_model("registry", "SocialEnterpriseStatus").objects.filter(note=SE_NOTE)
    Organisation.objects.filter(kind="company", social_enterprise_statuses__in=migrated).update(
        kind="social_enterprise"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_reach_changes_and_public_contacts"),
        ("law", "0003_assumption"),
        ("territory", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="organisation",
            name="kind",
            field=models.CharField(
                choices=[
                    ("cis", "Social integration centre (CIS)"),
                    ("kis", "Social integration club (KIS)"),
                    ("zaz", "Occupational activity establishment (ZAZ)"),
                    ("wtz", "Occupational therapy workshop (WTZ)"),
                    ("social_cooperative", "Social cooperative"),
                    ("ngo", "NGO or foundation"),
                    ("company", "Company or entrepreneur"),
                    ("municipality_office", "Municipality office"),
                    ("ops", "Social assistance centre (OPS)"),
                    ("cus", "Social services centre (CUS)"),
                    ("pcpr", "County family support centre (PCPR)"),
                    ("pup", "County labour office (PUP)"),
                    ("owes", "Social economy support centre (OWES)"),
                    ("school", "School"),
                    ("health_care", "Health-care provider"),
                    ("court_probation", "Court or probation service"),
                    ("police", "Police"),
                    ("voivode_office", "Voivode's office"),
                    ("other", "Other"),
                ],
                db_index=True,
                max_length=32,
                verbose_name="kind",
            ),
        ),
        migrations.CreateModel(
            name="RegisterTerm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "register",
                    models.CharField(
                        choices=[
                            ("cis", "register of social integration centres (CIS)"),
                            ("kis", "register of social integration clubs (KIS)"),
                        ],
                        max_length=3,
                        verbose_name="register",
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("granted", "granted"),
                            ("extended", "extended"),
                            ("withdrawn", "withdrawn"),
                            ("entered", "entered"),
                            ("struck_off", "struck off"),
                        ],
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("number", models.CharField(max_length=50, verbose_name="register number")),
                ("decision_number", models.CharField(blank=True, max_length=80, verbose_name="decision number")),
                ("decision_date", models.DateField(blank=True, null=True, verbose_name="decision date")),
                ("term_start", models.DateField(verbose_name="in force from")),
                ("term_end", models.DateField(blank=True, null=True, verbose_name="in force until")),
                ("ended_on", models.DateField(blank=True, null=True, verbose_name="withdrawn or struck off on")),
                ("end_reason", models.TextField(blank=True, max_length=1000, verbose_name="reason")),
                ("note", models.TextField(blank=True, max_length=1000, verbose_name="note")),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="recorded at")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="register_terms",
                        to="registry.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "previous",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="extension",
                        to="registry.registerterm",
                        verbose_name="extends the term",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
                (
                    "voivodeship",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="territory.unit",
                        verbose_name="voivode (voivodeship)",
                    ),
                ),
            ],
            options={
                "verbose_name": "register term",
                "verbose_name_plural": "register terms",
                "ordering": ["-term_start", "-id"],
            },
        ),
        migrations.CreateModel(
            name="SocialEnterpriseStatus",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "state",
                    models.CharField(
                        choices=[("active", "granted"), ("revoked", "revoked")],
                        default="active",
                        max_length=20,
                        verbose_name="state",
                    ),
                ),
                ("decision_number", models.CharField(blank=True, max_length=80, verbose_name="decision number")),
                ("decision_date", models.DateField(blank=True, null=True, verbose_name="decision date")),
                ("valid_from", models.DateField(verbose_name="valid from")),
                (
                    "valid_to",
                    models.DateField(
                        blank=True, help_text="Empty: until revoked.", null=True, verbose_name="valid until"
                    ),
                ),
                ("revoked_on", models.DateField(blank=True, null=True, verbose_name="revoked on")),
                ("revoke_reason", models.TextField(blank=True, max_length=1000, verbose_name="reason for revocation")),
                ("note", models.TextField(blank=True, max_length=1000, verbose_name="note")),
                ("recorded_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="recorded at")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="social_enterprise_statuses",
                        to="registry.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "social enterprise status",
                "verbose_name_plural": "social enterprise statuses",
                "ordering": ["-valid_from", "-id"],
            },
        ),
        migrations.CreateModel(
            name="RegisterEvent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("note", models.CharField(blank=True, max_length=500)),
                ("at", models.DateTimeField(auto_now_add=True)),
                ("from_state", models.CharField(blank=True, max_length=20)),
                ("to_state", models.CharField(max_length=20)),
                (
                    "actor",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="register_events",
                        to="registry.organisation",
                    ),
                ),
                (
                    "term",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="registry.registerterm",
                    ),
                ),
                (
                    "social_enterprise_status",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="registry.socialenterprisestatus",
                    ),
                ),
            ],
            options={
                "verbose_name": "register decision",
                "verbose_name_plural": "register decisions",
                "ordering": ["at", "id"],
                "abstract": False,
            },
        ),
        migrations.AddIndex(
            model_name="registerterm",
            index=models.Index(fields=["organisation", "term_start"], name="register_term_org_start"),
        ),
        migrations.AddConstraint(
            model_name="registerterm",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("term_end__isnull", True), ("term_end__gte", models.F("term_start")), _connector="OR"
                ),
                name="register_term_end_after_start",
            ),
        ),
        migrations.AddConstraint(
            model_name="registerterm",
            constraint=models.UniqueConstraint(
                condition=models.Q(("decision_number", ""), _negated=True),
                fields=("voivodeship", "decision_number"),
                name="register_term_unique_decision",
            ),
        ),
        migrations.AddIndex(
            model_name="socialenterprisestatus",
            index=models.Index(fields=["organisation", "state"], name="social_enterprise_org_state"),
        ),
        migrations.AddConstraint(
            model_name="socialenterprisestatus",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("valid_to__isnull", True), ("valid_to__gte", models.F("valid_from")), _connector="OR"
                ),
                name="social_enterprise_valid_to_after_from",
            ),
        ),
        migrations.RunPython(load_parameters, migrations.RunPython.noop),
        migrations.RunPython(entries_to_terms, terms_to_entries),
        migrations.RunPython(social_enterprises_to_status, statuses_to_social_enterprises),
        migrations.DeleteModel(
            name="RegisterEntry",
        ),
    ]
