"""Choice lists of the training app's records (re-exported by ``training.models``): the categories of art. 1 ust. 2,
the exclusions of art. 1 ust. 3, exit outcomes and degrees of disability."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EligibilityCategory(models.TextChoices):
    """Art. 1 ust. 2 pkt 1–8 of the act on social employment (as worded since Dz.U. 2022 poz. 218); the Polish
    labels repeat the act's words. A participation records one or more of them (:class:`ParticipationCategory`)."""

    HOMELESS = (
        "homeless",
        _(
            "homeless persons implementing an individual programme of leaving homelessness, within the meaning of "
            "the social assistance law"
        ),
    )
    ALCOHOL = "alcohol", _("alcohol-dependent persons")
    DRUGS = "drugs", _("persons dependent on drugs or other intoxicants")
    MENTAL = "mental", _("persons with mental disorders, within the meaning of the mental health protection law")
    LONG_TERM_UNEMPLOYED = (
        "long_term_unemployed",
        _("long-term unemployed, within the meaning of the law on employment promotion and labour market institutions"),
    )
    FORMER_PRISONER = (
        "former_prisoner",
        _(
            "persons released from prison who have difficulties integrating into the community, within the meaning "
            "of the social assistance law"
        ),
    )
    REFUGEE = (
        "refugee",
        _("refugees implementing an individual integration programme, within the meaning of the social assistance law"),
    )
    DISABLED = (
        "disabled",
        _(
            "persons with disabilities, within the meaning of the law on vocational and social rehabilitation and "
            "employment of persons with disabilities"
        ),
    )


class Exclusion(models.TextChoices):
    """Art. 1 ust. 3: the act does not apply to a person entitled to one of these (ust. 3a: a disability pension
    still allows a KIS)."""

    UNEMPLOYMENT_BENEFIT = "unemployment_benefit", _("unemployment benefit (zasiłek dla bezrobotnych)")
    PRE_RETIREMENT_ALLOWANCE = "pre_retirement_allowance", _("pre-retirement allowance (zasiłek przedemerytalny)")
    PRE_RETIREMENT_BENEFIT = "pre_retirement_benefit", _("pre-retirement benefit (świadczenie przedemerytalne)")
    STRUCTURAL_PENSION = "structural_pension", _("structural pension (renta strukturalna)")
    DISABILITY_PENSION = "disability_pension", _("pension for inability to work (renta z tytułu niezdolności do pracy)")
    RETIREMENT_PENSION = "retirement_pension", _("retirement pension (emerytura)")
    TEACHER_COMPENSATION = (
        "teacher_compensation",
        _("teachers' compensation benefit (nauczycielskie świadczenie kompensacyjne)"),
    )


class OutcomeKind(models.TextChoices):
    """Where a person went after the stay (seed 001, art. 13 ust. 4 and art. 16 of the act): counted in the yearly
    report and followed up 3 and 6 months after it began (``OutcomeFollowUp``), whether or not the work came
    through the platform's own referrals."""

    SUPPORTED_EMPLOYMENT = "supported_employment", _("supported employment (art. 16)")
    EMPLOYMENT = "employment", _("employment with an employer")
    SELF_EMPLOYMENT = "self_employment", _("own business")
    COOPERATIVE_FOUNDED = "cooperative_founded", _("founding a social cooperative")
    COOPERATIVE_JOINED = "cooperative_joined", _("joining a social cooperative")
    OTHER_PAID_WORK = "other_paid_work", _("other paid work")
    EDUCATION = "education", _("further education or training")
    OTHER = "other", _("other outcome")
    NONE = "none", _("no work or education")


# Outcomes that are followed up 3 and 6 months after they began: is the person still there?
FOLLOWED_UP_OUTCOMES = frozenset(
    {
        OutcomeKind.SUPPORTED_EMPLOYMENT,
        OutcomeKind.EMPLOYMENT,
        OutcomeKind.SELF_EMPLOYMENT,
        OutcomeKind.COOPERATIVE_FOUNDED,
        OutcomeKind.COOPERATIVE_JOINED,
        OutcomeKind.OTHER_PAID_WORK,
        OutcomeKind.EDUCATION,
        OutcomeKind.OTHER,
    }
)


class DisabilityDegree(models.TextChoices):
    """The degree of disability (ustawa z 27.08.1997 o rehabilitacji zawodowej i społecznej): health data."""

    NONE = "none", _("none")
    LIGHT = "light", _("light")
    MODERATE = "moderate", _("moderate")
    SIGNIFICANT = "significant", _("significant")


# Degrees with the shorter working time of art. 15 ust. 2 of the rehabilitation act (7 h a day, 35 h a week).
SHORTER_HOURS_DEGREES = frozenset({DisabilityDegree.MODERATE, DisabilityDegree.SIGNIFICANT})
