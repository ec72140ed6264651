"""Programme offers, contact requests and cooperation agreements (porozumienia o współpracy) between a CIS/KIS or a
social-economy entity (PES) and a municipality, its OPS/CUS or another provider (PRODUCT.md F5.1).

- A :class:`ProgrammeOffer` is what an entity offers for one catalogue service (the card version of the day it
  was written): what it can train for, what it can deliver, how much, where, until when, and whom to contact
  (the organisation's public contact, never a private person).
- A :class:`ContactRequest` is a municipality's, an OPS/CUS's or a provider's message about an offer; the offering
  party answers it, and accepting it starts the draft of an agreement.
- An :class:`Agreement` has two or more parties, structured mutual obligations (who, what, by when), the
  signatories of each party (their representatives: name and function only), validity and a review date. Each
  party confirms the draft for itself; once all have, the agreement is agreed, then put in force, and ends or is
  terminated. Changes after the agreement was agreed are recorded as amendments.
"""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import TransitionEvent


class CapacityUnit(models.TextChoices):
    PEOPLE_PER_YEAR = "people_per_year", _("people per year")
    PLACES = "places", _("places")
    UNITS = "units", _("units of the service a year")


class ProgrammeOfferStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    WITHDRAWN = "withdrawn", _("withdrawn")
    EXPIRED = "expired", _("expired")


OFFER_MACHINE = StateMachine(
    {
        ProgrammeOfferStatus.DRAFT: frozenset({ProgrammeOfferStatus.PUBLISHED, ProgrammeOfferStatus.WITHDRAWN}),
        ProgrammeOfferStatus.PUBLISHED: frozenset({ProgrammeOfferStatus.WITHDRAWN, ProgrammeOfferStatus.EXPIRED}),
        ProgrammeOfferStatus.WITHDRAWN: frozenset(),
        ProgrammeOfferStatus.EXPIRED: frozenset(),
    },
    # The offering organisation publishes and withdraws; an offer expires by itself after its validity.
    permissions={
        ProgrammeOfferStatus.PUBLISHED: "agreements.manage_offer",
        ProgrammeOfferStatus.WITHDRAWN: "agreements.manage_offer",
    },
)


class ProgrammeOffer(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("offering organisation")
    )
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    card_version = models.ForeignKey(
        "catalogue.ServiceCardVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("card version")
    )
    title = models.CharField(_("title"), max_length=200)
    modules = models.ManyToManyField(
        "catalogue.ProgrammeModule", blank=True, related_name="+", verbose_name=_("programme modules it teaches")
    )
    qualifications = models.ManyToManyField(
        "catalogue.Qualification", blank=True, related_name="+", verbose_name=_("qualifications it trains for")
    )
    training = models.TextField(_("what it can train for"), max_length=3000, blank=True)
    delivery = models.TextField(_("what it can deliver"), max_length=3000, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"))
    capacity_unit = models.CharField(_("capacity in"), max_length=20, choices=CapacityUnit.choices)
    area = models.ManyToManyField("territory.Unit", related_name="+", verbose_name=_("area served"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProgrammeOfferStatus.choices, default=ProgrammeOfferStatus.DRAFT
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme offer")
        verbose_name_plural = _("programme offers")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "service_type"]),
            models.Index(fields=["organisation", "status"]),
        ]

    def __str__(self) -> str:
        return self.title


class OfferEvent(TransitionEvent):
    offer = models.ForeignKey(ProgrammeOffer, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=ProgrammeOfferStatus.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ProgrammeOfferStatus.choices)


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("waiting for an answer")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


REQUEST_MACHINE = StateMachine(
    {
        RequestStatus.PENDING: frozenset({RequestStatus.ACCEPTED, RequestStatus.DECLINED, RequestStatus.WITHDRAWN}),
        RequestStatus.ACCEPTED: frozenset(),
        RequestStatus.DECLINED: frozenset(),
        RequestStatus.WITHDRAWN: frozenset(),
    },
    permissions={
        RequestStatus.ACCEPTED: "agreements.answer_request",
        RequestStatus.DECLINED: "agreements.answer_request",
        RequestStatus.WITHDRAWN: "agreements.withdraw_request",
    },
)


class ContactRequest(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    offer = models.ForeignKey(ProgrammeOffer, on_delete=models.PROTECT, related_name="requests")
    requester = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("requesting organisation")
    )
    interests = models.CharField(_("interested in"), max_length=300)
    message = models.TextField(_("message"), max_length=3000)
    status = models.CharField(_("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.PENDING)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    agreement = models.OneToOneField(
        "agreements.Agreement", null=True, blank=True, on_delete=models.SET_NULL, related_name="contact_request"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            # A double submit cannot leave two open requests of one organisation about one offer.
            models.UniqueConstraint(
                fields=["offer", "requester"],
                condition=models.Q(status="pending"),
                name="agreements_one_pending_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.offer}"


class ContactRequestEvent(TransitionEvent):
    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=RequestStatus.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=RequestStatus.choices)


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    AGREED = "agreed", _("agreed (signed by every party)")
    IN_FORCE = "in_force", _("in force")
    ENDED = "ended", _("ended")
    TERMINATED = "terminated", _("terminated")


AGREEMENT_MACHINE = StateMachine(
    {
        AgreementStatus.DRAFT: frozenset({AgreementStatus.AGREED, AgreementStatus.TERMINATED}),
        AgreementStatus.AGREED: frozenset({AgreementStatus.IN_FORCE, AgreementStatus.TERMINATED}),
        AgreementStatus.IN_FORCE: frozenset({AgreementStatus.ENDED, AgreementStatus.TERMINATED}),
        AgreementStatus.ENDED: frozenset(),
        AgreementStatus.TERMINATED: frozenset(),
    },
    # "Agreed" follows the last party's signature (the service decides); a party puts it in force, ends it
    # after its validity or terminates it with reasons.
    permissions={
        AgreementStatus.IN_FORCE: "agreements.act_for_agreement",
        AgreementStatus.ENDED: "agreements.act_for_agreement",
        AgreementStatus.TERMINATED: "agreements.act_for_agreement",
    },
)


class Agreement(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    subject = models.CharField(_("subject"), max_length=300)
    scope = models.TextField(_("scope of cooperation"), max_length=4000, blank=True)
    offer = models.ForeignKey(
        ProgrammeOffer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("offer")
    )
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"))
    review_on = models.DateField(_("review on"))
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    termination_reason = models.TextField(_("reasons for the termination"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cooperation agreement")
        verbose_name_plural = _("cooperation agreements")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "review_on"])]

    def __str__(self) -> str:
        return self.subject


class AgreementParty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("party")
    )
    order = models.PositiveSmallIntegerField(default=0)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], name="agreements_party_once"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class Signatory(models.Model):
    """A representative of a party who signs the agreement: name and function only."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    party = models.ForeignKey(AgreementParty, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150)

    class Meta:
        ordering = ["party__order", "id"]

    def __str__(self) -> str:
        return f"{self.name}, {self.function}"


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class Obligation(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="obligations")
    party = models.ForeignKey(
        AgreementParty, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("party obliged")
    )
    description = models.CharField(_("what"), max_length=500)
    due_on = models.DateField(_("by when"))
    status = models.CharField(
        _("status"), max_length=20, choices=ObligationStatus.choices, default=ObligationStatus.OPEN
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.description


class Amendment(models.Model):
    """A change of an agreement once agreed: what changed, by whom, when (numbered per agreement)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="amendments")
    number = models.PositiveIntegerField(_("amendment no."))
    summary = models.TextField(_("what changed"), max_length=2000)
    changes = models.JSONField(default=dict, blank=True)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="agreements_amendment_number")]

    def __str__(self) -> str:
        return f"{self.agreement} #{self.number}"


class AgreementEvent(TransitionEvent):
    """A move of the agreement, or (from_state == to_state) a party's signature, an obligation done, an amendment."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=AgreementStatus.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=AgreementStatus.choices)


auditlog.register(ProgrammeOffer, exclude_fields=["version", "updated_at"])
auditlog.register(ContactRequest, exclude_fields=["version", "updated_at"])
auditlog.register(Agreement, exclude_fields=["version", "updated_at"])
auditlog.register(Obligation)
