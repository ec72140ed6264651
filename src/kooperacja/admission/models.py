"""The way into a CIS or KIS: the application, the referral (skierowanie do CIS / do KIS) issued by the OPS or CUS
of the person's home municipality with its social worker's opinion after a community interview, and the CIS/KIS's
acceptance, which enrols the person in ``training``.

In code this is an *admission referral* (:class:`AdmissionReferral`); a "referral" in ``placement`` is a job
referral of a participant to a provider (zgłoszenie kandydata), a different thing.

Legal basis and what is assumed (art. 12 of the act of 13 June 2003 on social employment; DOMAIN.md §2.3):

- the referral is issued by the OPS of the person's place of residence (a CUS where the OPS was transformed into
  one) on the person's own application or a legal representative's, or on the application of an addiction-treatment
  facility, a PCPR, a PUP, an OPS, an NGO or a KIS with the person's consent; the application is given an opinion by
  an OPS social worker after a community interview (wywiad środowiskowy). The wording checked is the 2007 text;
  the current text could not be verified, so these rules are recorded as assumptions;
- *assumed*: a PUP may itself refer only an unemployed person (the category of the long-term unemployed of
  art. 1 ust. 2 pkt 5), and covers its county; its referral needs no social worker's opinion;
- residents of the municipality where the CIS/KIS works have priority, others come by an inter-municipal
  agreement or to free places: the platform shows whether the person lives there and decides nothing by it;
- a KIS admits through a social contract / individual programme with the OPS, or the person applies directly:
  the same record serves (kind ``kis``, "skierowanie do KIS").
"""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import TransitionEvent
from kooperacja.registry.models import OrganisationKind

# Who issues a referral: the OPS (or the CUS that replaced it) of the person's municipality; a PUP for the
# unemployed of its county (assumed, see the module's note).
REFERRING_KINDS = frozenset({OrganisationKind.OPS, OrganisationKind.CUS, OrganisationKind.PUP})
# Referring bodies whose social worker gives the opinion after a community interview.
SOCIAL_ASSISTANCE_KINDS = frozenset({OrganisationKind.OPS, OrganisationKind.CUS})
TARGET_KINDS = frozenset({OrganisationKind.CIS, OrganisationKind.KIS})


class AdmissionKind(models.TextChoices):
    CIS = "cis", _("referral to a CIS")
    KIS = "kis", _("referral to a KIS")


class Applicant(models.TextChoices):
    """Who applied for the referral (art. 12): the person, their legal representative, or an institution with the
    person's consent."""

    PERSON = "person", _("the person themselves")
    LEGAL_REPRESENTATIVE = "legal_representative", _("a legal representative")
    OPS = "ops", _("a social assistance centre (OPS)")
    PCPR = "pcpr", _("a county family support centre (PCPR)")
    PUP = "pup", _("a county labour office (PUP)")
    NGO = "ngo", _("a non-governmental organisation")
    KIS = "kis", _("a social integration club (KIS)")
    ADDICTION_TREATMENT = "addiction_treatment", _("an addiction-treatment facility")


# Applicants who act for the person: the person's consent is recorded.
CONSENT_NEEDED = frozenset(set(Applicant) - {Applicant.PERSON, Applicant.LEGAL_REPRESENTATIVE})


class AdmissionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")
    ACCEPTED = "accepted", _("accepted")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


ADMISSION_MACHINE = StateMachine(
    {
        AdmissionStatus.DRAFT: frozenset({AdmissionStatus.ISSUED}),
        AdmissionStatus.ISSUED: frozenset(
            {AdmissionStatus.ACCEPTED, AdmissionStatus.REFUSED, AdmissionStatus.WITHDRAWN}
        ),
        AdmissionStatus.ACCEPTED: frozenset(),
        AdmissionStatus.REFUSED: frozenset(),
        AdmissionStatus.WITHDRAWN: frozenset(),
    },
    # The referring OPS/CUS/PUP issues and withdraws its referral; the CIS/KIS it is addressed to accepts
    # (enrolling the person) or refuses it with reasons.
    permissions={
        AdmissionStatus.ISSUED: "admission.issue_referral",
        AdmissionStatus.WITHDRAWN: "admission.issue_referral",
        AdmissionStatus.ACCEPTED: "admission.decide_referral",
        AdmissionStatus.REFUSED: "admission.decide_referral",
    },
)


class AdmissionReferral(models.Model):
    """A referral to a CIS or KIS with the application and the social worker's opinion. Special-category personal
    data (the opinion speaks of addiction, health, homelessness): every display is logged, the PESEL is encrypted
    with a blind index as in ``training.Person`` and never shown in full."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    referring_organisation = models.ForeignKey(
        "registry.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("referring institution"),
    )
    target_organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("CIS or KIS")
    )
    kind = models.CharField(_("kind"), max_length=3, choices=AdmissionKind.choices)
    # The person.
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    pesel_encrypted = models.TextField(editable=False)
    pesel_index = models.CharField(max_length=64, editable=False, db_index=True)
    birth_date = models.DateField(_("date of birth"), editable=False)
    home_municipality = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("home municipality")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # The application.
    applied_on = models.DateField(_("application submitted on"))
    applicant = models.CharField(_("applied"), max_length=30, choices=Applicant.choices)
    applicant_name = models.CharField(_("name of the applying institution"), max_length=200, blank=True)
    consent_given = models.BooleanField(_("the person consents to the application"), default=False)
    # Categories of art. 1 ust. 2 proposed (codes of training.models.EligibilityCategory).
    categories = models.JSONField(_("categories of art. 1 ust. 2"), default=list, blank=True)
    # The social worker's opinion after the community interview.
    interview_date = models.DateField(_("community interview on"), null=True, blank=True)
    opinion = models.TextField(_("social worker's opinion"), max_length=4000, blank=True)
    social_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("social worker"),
    )
    # The referral itself.
    number = models.CharField(_("referral number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AdmissionStatus.choices, default=AdmissionStatus.DRAFT
    )
    refusal_reason = models.TextField(_("reasons for the refusal"), max_length=2000, blank=True)
    participation = models.OneToOneField(
        "training.Participation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("participation"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    PERSONAL_FIELDS = ("first_name", "last_name", "pesel", "birth_date", "home_municipality", "phone")

    class Meta:
        verbose_name = _("admission referral")
        verbose_name_plural = _("admission referrals")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["referring_organisation", "status"]),
            models.Index(fields=["target_organisation", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["referring_organisation", "number"],
                condition=~models.Q(number=""),
                name="admission_referral_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.number or str(self.public_id)

    @property
    def needs_opinion(self) -> bool:
        return self.referring_organisation.kind in SOCIAL_ASSISTANCE_KINDS

    @property
    def lives_where_target_works(self) -> bool:
        """Whether the person lives in the municipality of the CIS/KIS (residents have priority)."""
        return self.home_municipality_id[:6] == self.target_organisation.municipality_id[:6]


class AdmissionReferralEvent(TransitionEvent):
    referral = models.ForeignKey(AdmissionReferral, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=AdmissionStatus.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=AdmissionStatus.choices)


def mask_identifier(value: str) -> str:
    """The change log records that the PESEL changed, never its encrypted or hashed value."""
    return "***"


auditlog.register(
    AdmissionReferral,
    mask_fields=["pesel_encrypted", "pesel_index", "opinion"],
    exclude_fields=["version", "updated_at"],
    mask_callable="kooperacja.admission.models.mask_identifier",
)
