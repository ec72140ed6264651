"""A reusable selection: published criteria with weights, scores by several assessors, a ranking with a tie rule
stated in advance, appeals within a deadline and the confirmed list.

A host app (``hosts.Host``) owns the subject of a selection (a launch's founding group, later the pilot's sites)
and refers to it by ``subject_key``; entries refer to the host's candidates the same way. The selection keeps no
personal data itself: an entry has a code ("K-001") and a label the host writes; who may read the label is the
host's ``entry_label``.

States: draft → published (criteria, weights and the tie rule frozen; the seed of a lot drawn and recorded) →
scoring (assessors score every entry on every criterion) → ranked (a numbered :class:`Ranking` version; appeals
open until the deadline) → confirmed (the selected entries are final; the host is told). An upheld appeal sends a
ranked selection back to scoring for a re-score and a new ranking. A selection may be cancelled before it is
confirmed.
"""

import uuid

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fsm import StateMachine
from kooperacja.core.models import TransitionEvent

MANAGE = "selection.manage_selection"


class State(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    SCORING = "scoring", _("scoring")
    RANKED = "ranked", _("ranked")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")


OPEN_STATES = (State.DRAFT, State.PUBLISHED, State.SCORING, State.RANKED)

SELECTION_MACHINE = StateMachine(
    {
        State.DRAFT: frozenset({State.PUBLISHED, State.CANCELLED}),
        State.PUBLISHED: frozenset({State.SCORING, State.CANCELLED}),
        State.SCORING: frozenset({State.RANKED, State.CANCELLED}),
        # Back to scoring when an appeal is upheld.
        State.RANKED: frozenset({State.CONFIRMED, State.SCORING, State.CANCELLED}),
        State.CONFIRMED: frozenset(),
        State.CANCELLED: frozenset(),
    },
    # The host decides who manages (``Host.may_manage``); every move is theirs.
    permissions={
        State.PUBLISHED: MANAGE,
        State.SCORING: MANAGE,
        State.RANKED: MANAGE,
        State.CONFIRMED: MANAGE,
        State.CANCELLED: MANAGE,
    },
)


class TieRule(models.TextChoices):
    CRITERIA_ORDER = "criteria_order", _("higher mean on the criteria in their stated order")
    EARLIER_SUBMISSION = "earlier_submission", _("earlier submission")
    LOT = "lot", _("lot drawn from a seed recorded at publication")


class Selection(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    owner = models.ForeignKey(
        "registry.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    subject_key = models.CharField(_("subject"), max_length=100)
    title = models.CharField(_("title"), max_length=200)
    places = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1), MaxValueValidator(10000)])
    threshold = models.DecimalField(
        _("minimum total"), max_digits=9, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    tie_rule = models.CharField(_("tie rule"), max_length=20, choices=TieRule.choices)
    lot_seed = models.CharField(_("seed of the lot"), max_length=64, blank=True, editable=False)
    appeal_days = models.PositiveSmallIntegerField(
        _("days for appeals"), validators=[MinValueValidator(0), MaxValueValidator(90)]
    )
    appeal_deadline = models.DateTimeField(_("appeals until"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["kind", "subject_key"]), models.Index(fields=["owner", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def criteria_editable(self) -> bool:
        return self.state == State.DRAFT


class SelectionEvent(TransitionEvent):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)


class Criterion(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    weight = models.DecimalField(
        _("weight"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0.01), MaxValueValidator(1000)]
    )
    max_points = models.PositiveIntegerField(
        _("maximum points"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "position"], name="selection_criterion_position"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="selection_criterion_weight_positive"),
            models.CheckConstraint(condition=models.Q(max_points__gte=1), name="selection_criterion_max_points"),
        ]

    def __str__(self) -> str:
        return self.name


class Assessor(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="assessors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")
        ordering = ["user__last_name", "user__first_name", "user__username", "id"]
        constraints = [models.UniqueConstraint(fields=["selection", "user"], name="selection_assessor_once")]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Entry(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="entries")
    subject_key = models.CharField(_("subject"), max_length=100)
    code = models.CharField(_("code"), max_length=12)
    number = models.PositiveIntegerField(editable=False)
    # Written by the host; shown only through ``Host.entry_label`` (it may be a person's name).
    label = models.CharField(_("label"), max_length=200)
    submitted_at = models.DateTimeField(_("submitted at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("reason of the withdrawal"), max_length=500, blank=True)
    # SHA-256 of the normalised access code (a high-entropy code; the plain code is shown once).
    access_code_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["selection", "subject_key"], name="selection_entry_subject_once"),
            models.UniqueConstraint(fields=["selection", "number"], name="selection_entry_number_once"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class Score(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveIntegerField(_("points"))
    comment = models.CharField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["entry", "criterion__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "criterion", "assessor"], name="selection_score_once"),
        ]

    def __str__(self) -> str:
        return f"{self.entry} / {self.criterion}: {self.points}"


class Ranking(models.Model):
    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="rankings")
    number = models.PositiveIntegerField(_("version"))
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    tie_rule = models.CharField(_("tie rule"), max_length=20, choices=TieRule.choices)
    places = models.PositiveIntegerField(_("places"))
    threshold = models.DecimalField(_("minimum total"), max_digits=9, decimal_places=2, null=True, blank=True)
    # SHA-256 of the canonical, sorted inputs (criteria, entries, scores, rule, places, threshold, seed).
    inputs_digest = models.CharField(_("digest of the inputs"), max_length=64)

    class Meta:
        verbose_name = _("ranking")
        verbose_name_plural = _("rankings")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["selection", "number"], name="selection_ranking_number")]

    def __str__(self) -> str:
        return f"{self.selection} v{self.number}"


class RankingRow(models.Model):
    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="rows")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("position"))
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    # {criterion id (str): mean points rounded to 2 places (str)}
    means = models.JSONField(_("means per criterion"), default=dict)
    selected = models.BooleanField(_("selected"), default=False)
    below_threshold = models.BooleanField(_("below the minimum total"), default=False)
    # How a tie on the total was decided: {"rule": ..., "criterion": name, "against": code}; empty: no tie.
    tie_note = models.JSONField(_("tie note"), default=dict, blank=True)

    class Meta:
        verbose_name = _("ranking row")
        verbose_name_plural = _("ranking rows")
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "position"], name="selection_row_position"),
            models.UniqueConstraint(fields=["ranking", "entry"], name="selection_row_entry"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.entry}"

    @property
    def tie_text(self) -> str:
        """The tie note in words, in the reader's language."""
        note = self.tie_note or {}
        rule = note.get("rule")
        params = {"other": note.get("against", ""), "criterion": note.get("criterion", "")}
        if rule == "criterion":
            return gettext("Tie with %(other)s decided by the higher mean on “%(criterion)s”.") % params
        if rule == "submission":
            return gettext("Tie with %(other)s decided by the earlier submission.") % params
        if rule == "code":
            return gettext("Tie with %(other)s decided by the order of the codes.") % params
        if rule == "lot":
            return gettext("Tie with %(other)s decided by the lot.") % params
        if rule == "unrounded":
            return gettext("Equal rounded total with %(other)s; decided by the total before rounding.") % params
        return ""


class AppealState(models.TextChoices):
    PENDING = "pending", _("pending")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


class Appeal(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="appeals")
    ranking = models.ForeignKey(Ranking, on_delete=models.PROTECT, related_name="appeals")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=3000)
    state = models.CharField(_("state"), max_length=20, choices=AppealState.choices, default=AppealState.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason of the decision"), max_length=3000, blank=True)

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"], condition=models.Q(state="pending"), name="selection_one_pending_appeal"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry}: {self.get_state_display()}"


auditlog.register(Selection, exclude_fields=["version", "updated_at"])
auditlog.register(Criterion)
auditlog.register(Assessor)
auditlog.register(Appeal)
