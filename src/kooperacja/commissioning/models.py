"""Commissioning a social service (F3.1–F3.3): a commissioner (a municipality office, OPS or CUS) opens an
*order* for a catalogue service in one of the modes of :mod:`kooperacja.commissioning.modes`, providers submit
*offers*, the commissioner's evaluators *score* them per criterion, the best-ranked offer is awarded and a
*contract* with a schedule of periods (planned units, people and value) follows.

The order keeps the card version current when it was opened and the card's unit: the delivery reports of
``delivery`` are counted in that unit per :class:`ContractPeriod`.
"""

import uuid
from decimal import Decimal

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.commissioning.modes import Mode
from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import TransitionEvent


class ServiceUnit(models.TextChoices):
    """What an order's volume is counted in (the card's unit of delivery)."""

    HOURS = "hours", _("hours")
    PLACES = "places", _("places")
    MEALS = "meals", _("meals")
    VISITS = "visits", _("visits")
    PERSON_DAYS = "person_days", _("person-days")
    PEOPLE = "people", _("people")


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    OFFERS_CLOSED = "offers_closed", _("offers closed")
    EVALUATED = "evaluated", _("evaluated")
    AWARDED = "awarded", _("awarded")
    CONTRACTED = "contracted", _("contracted")
    CANCELLED = "cancelled", _("cancelled")


ORDER_MACHINE = StateMachine(
    {
        OrderStatus.DRAFT: frozenset({OrderStatus.PUBLISHED, OrderStatus.CANCELLED}),
        OrderStatus.PUBLISHED: frozenset({OrderStatus.OFFERS_CLOSED, OrderStatus.CANCELLED}),
        OrderStatus.OFFERS_CLOSED: frozenset({OrderStatus.EVALUATED, OrderStatus.CANCELLED}),
        OrderStatus.EVALUATED: frozenset({OrderStatus.AWARDED, OrderStatus.CANCELLED}),
        OrderStatus.AWARDED: frozenset({OrderStatus.CONTRACTED, OrderStatus.CANCELLED}),
        OrderStatus.CONTRACTED: frozenset(),
        OrderStatus.CANCELLED: frozenset(),
    },
    # The commissioner's coordinators move the order; "offers closed" is also reached by the deadline passing
    # (the system, no actor) and "contracted" when the provider signs the contract.
    permissions={
        OrderStatus.PUBLISHED: "commissioning.manage_order",
        OrderStatus.OFFERS_CLOSED: "commissioning.manage_order",
        OrderStatus.EVALUATED: "commissioning.manage_order",
        OrderStatus.AWARDED: "commissioning.manage_order",
        OrderStatus.CANCELLED: "commissioning.manage_order",
    },
)
OPEN_ORDER_STATES = frozenset({OrderStatus.PUBLISHED})


class Order(models.Model):
    """An order (zlecenie) of a catalogue service: the specification taken from the card version current when
    the order was opened, the mode, the criteria and the deadline for offers (server clock)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("reference number"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    commissioner = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("commissioner")
    )
    mode = models.CharField(_("mode of commissioning"), max_length=20, choices=Mode.choices)
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    card_version = models.ForeignKey(
        "catalogue.ServiceCardVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("card version")
    )
    expectations = models.TextField(_("the commissioner's expectations"), max_length=8000)
    unit = models.CharField(_("unit"), max_length=20, choices=ServiceUnit.choices)
    volume = models.DecimalField(
        _("volume"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit_price = models.DecimalField(
        _("expected price per unit (PLN)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_value = models.DecimalField(_("maximum value (PLN)"), max_digits=14, decimal_places=2)
    period_start = models.DateField(_("service from"))
    period_end = models.DateField(_("service until"))
    place = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("place of the service")
    )
    offer_deadline = models.DateTimeField(_("deadline for offers"))
    # Art. 94 ust. 2 Pzp: the share of staff from groups at risk the commissioner requires (reserved mode).
    social_share_percent = models.PositiveSmallIntegerField(
        _("required share of staff at risk of exclusion (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(30), MaxValueValidator(100)],
    )
    status = models.CharField(_("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), max_length=2000, blank=True)
    awarded_offer = models.OneToOneField(
        "commissioning.Offer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("awarded offer"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["commissioner", "status"]),
            models.Index(fields=["status", "offer_deadline"]),
            models.Index(fields=["service_type", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["commissioner", "number"], name="commissioning_order_number_unique"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="commissioning_order_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CriterionKind(models.TextChoices):
    PRICE = "price", _("price")
    QUALITY = "quality", _("quality")
    SOCIAL = "social", _("social")


# Points an evaluator gives per quality or social criterion; the criterion's share is points / MAX × weight.
MAX_POINTS = 10


class Criterion(models.Model):
    """An evaluation criterion of an order with its weight (the weights of an order sum to 100). The price
    criterion is computed: lowest offered price / the offer's price × weight."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=CriterionKind.choices)
    name = models.CharField(_("criterion"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)])
    description = models.TextField(_("how it is assessed"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class OfferStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    WITHDRAWN = "withdrawn", _("withdrawn")
    AWARDED = "awarded", _("chosen")
    NOT_AWARDED = "not_awarded", _("not chosen")


OFFER_MACHINE = StateMachine(
    {
        OfferStatus.SUBMITTED: frozenset({OfferStatus.WITHDRAWN, OfferStatus.AWARDED, OfferStatus.NOT_AWARDED}),
        # A withdrawn offer may be submitted again before the deadline (the same row: one offer per bidder).
        OfferStatus.WITHDRAWN: frozenset({OfferStatus.SUBMITTED}),
        OfferStatus.AWARDED: frozenset(),
        OfferStatus.NOT_AWARDED: frozenset(),
    },
    permissions={
        OfferStatus.WITHDRAWN: "commissioning.bid_offer",
        OfferStatus.SUBMITTED: "commissioning.bid_offer",
    },
)


class Offer(models.Model):
    """A provider's offer for an order: one per bidder per order (a double submit updates nothing twice)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="offers")
    bidder = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("bidder")
    )
    unit_price = models.DecimalField(
        _("price per unit (PLN)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    total_price = models.DecimalField(_("total price (PLN)"), max_digits=14, decimal_places=2)
    description = models.TextField(_("how the service will be delivered"), max_length=8000)
    # Codes of the mode's required documents the bidder declares attached (modes.RequiredDocument.code).
    documents = models.JSONField(_("documents attached"), default=list, blank=True)
    social_share_percent = models.PositiveSmallIntegerField(
        _("share of staff at risk of exclusion (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    status = models.CharField(_("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.SUBMITTED)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Set when the order is evaluated (services.order_evaluate): the final score and the place in the ranking.
    price_score = models.DecimalField(_("price points"), max_digits=7, decimal_places=3, null=True, blank=True)
    final_score = models.DecimalField(_("score"), max_digits=7, decimal_places=3, null=True, blank=True)
    rank = models.PositiveIntegerField(_("place in the ranking"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["order", "rank", "submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "bidder"], name="commissioning_offer_one_per_bidder"),
        ]
        indexes = [models.Index(fields=["bidder", "status"])]

    def __str__(self) -> str:
        return f"{self.order.number}: {self.bidder}"


class Score(models.Model):
    """One evaluator's points for one offer on one quality or social criterion. Each evaluator writes their own
    rows, so two evaluators scoring at once never overwrite each other; a criterion's points are their mean."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField(
        _("points"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal(MAX_POINTS))],
    )
    justification = models.TextField(_("justification"), max_length=2000, blank=True)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["offer", "criterion__position", "evaluator_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer", "criterion", "evaluator"], name="commissioning_score_one_per_evaluator"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.points}"


class ContractStatus(models.TextChoices):
    TO_SIGN = "to_sign", _("awaiting the provider's signature")
    ACTIVE = "active", _("active")
    COMPLETED = "completed", _("completed")
    TERMINATED = "terminated", _("terminated")


CONTRACT_MACHINE = StateMachine(
    {
        ContractStatus.TO_SIGN: frozenset({ContractStatus.ACTIVE, ContractStatus.TERMINATED}),
        ContractStatus.ACTIVE: frozenset({ContractStatus.COMPLETED, ContractStatus.TERMINATED}),
        ContractStatus.COMPLETED: frozenset(),
        ContractStatus.TERMINATED: frozenset(),
    },
    permissions={
        ContractStatus.ACTIVE: "commissioning.sign_contract",
        ContractStatus.COMPLETED: "commissioning.manage_contract",
        ContractStatus.TERMINATED: "commissioning.manage_contract",
    },
)
LIVE_CONTRACT_STATES = frozenset({ContractStatus.ACTIVE})


class Contract(models.Model):
    """The contract (umowa) concluded on the awarded offer, with its schedule (:class:`ContractPeriod`)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("contract number"), max_length=60)
    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="contract")
    offer = models.OneToOneField(Offer, on_delete=models.PROTECT, related_name="contract")
    provider = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("provider")
    )
    commissioner = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("commissioner")
    )
    service_type = models.ForeignKey(
        "catalogue.ServiceType", on_delete=models.PROTECT, related_name="+", verbose_name=_("service")
    )
    card_version = models.ForeignKey(
        "catalogue.ServiceCardVersion", on_delete=models.PROTECT, related_name="+", verbose_name=_("card version")
    )
    municipality = models.ForeignKey(
        "territory.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("place of the service")
    )
    unit = models.CharField(_("unit"), max_length=20, choices=ServiceUnit.choices)
    unit_price = models.DecimalField(_("price per unit (PLN)"), max_digits=12, decimal_places=2)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    value = models.DecimalField(_("value (PLN)"), max_digits=14, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=20, choices=ContractStatus.choices, default=ContractStatus.TO_SIGN
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-start_date", "-id"]
        indexes = [
            models.Index(fields=["provider", "status"]),
            models.Index(fields=["commissioner", "status"]),
            models.Index(fields=["municipality", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["commissioner", "number"], name="commissioning_contract_number_unique"),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="commissioning_contract_period"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ContractPeriod(models.Model):
    """One period of a contract's schedule: what is planned to be delivered in it (in the contract's unit)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="periods")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    planned_units = models.DecimalField(_("planned units"), max_digits=12, decimal_places=2)
    planned_value = models.DecimalField(_("planned value (PLN)"), max_digits=14, decimal_places=2)
    planned_people = models.PositiveIntegerField(_("planned people served"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract period")
        verbose_name_plural = _("contract periods")
        ordering = ["contract", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "period_start"], name="commissioning_period_unique"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="commissioning_period_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start}–{self.period_end}"

    @property
    def unit(self) -> str:
        return self.contract.unit


class OrderEvent(TransitionEvent):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=OrderStatus.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=OrderStatus.choices)


class OfferEvent(TransitionEvent):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=OfferStatus.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=OfferStatus.choices)


class ContractEvent(TransitionEvent):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=ContractStatus.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=ContractStatus.choices)


auditlog.register(Order, exclude_fields=["version", "updated_at"])
auditlog.register(Criterion)
auditlog.register(Offer, exclude_fields=["version", "updated_at"])
auditlog.register(Score)
auditlog.register(Contract, exclude_fields=["version", "updated_at"])
auditlog.register(ContractPeriod)
