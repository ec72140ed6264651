"""Who may take part (art. 1 of the act on social employment): the categories of ust. 2 a participation is
recorded under, and the exclusions of ust. 3 that staff check or explicitly confirm (ust. 3a: a person
entitled to a disability pension may take part in a KIS). Shared by the form's service, the API and the
import, which all pass ``categories``, ``exclusions`` and ``exclusions_none``."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kooperacja.core.errors import FieldErrors
from kooperacja.law import parameters as statutory
from kooperacja.registry.models import OrganisationKind
from kooperacja.training.models import EligibilityCategory, Exclusion
from kooperacja.training.services.common import StatutoryLookup

CATEGORY_VALUES = frozenset(EligibilityCategory.values)
EXCLUSION_VALUES = frozenset(Exclusion.values)
# A person entitled to one of these benefits is not unemployed within the meaning of the labour-market law
# (assumed for the pensions: see ELIGIBILITY_ASSUMPTION), so the category "long-term unemployed" contradicts it.
CONTRADICTIONS: dict[str, frozenset[str]] = {EligibilityCategory.LONG_TERM_UNEMPLOYED: EXCLUSION_VALUES}
# The dated rules of eligibility (their notes are shown on the forms).
ELIGIBILITY_CODES = (statutory.CIS_DISABILITY_PENSION_ALLOWED, statutory.KIS_DISABILITY_PENSION_ALLOWED)
# Shown on the forms where the categories and exclusions are entered, with the dated parameters' own notes.
ELIGIBILITY_ASSUMPTION = gettext_lazy(
    "The category “long-term unemployed” is refused together with any benefit of art. 1 ust. 3: it is assumed "
    "that a person entitled to one of them is not unemployed within the meaning of the labour-market law (since "
    "1.06.2025 the act on the labour market and employment services, to which the act's reference is assumed "
    "to lead)."
)


def codes_of(value: Any) -> list[str]:
    """A list of codes from a list, a tuple or one code (empty values dropped, order kept)."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    return [str(code) for code in value if code not in (None, "")]


def eligibility_check(
    kind: str, values: Mapping[str, Any], errors: FieldErrors, *, law_date: date | None, lookup: StatutoryLookup
) -> tuple[list[str], str]:
    """The categories of art. 1 ust. 2 (checked, in the order given) and the exclusion of art. 1 ust. 3 that
    applies and still allows the stay ('' when staff confirmed none applies); problems go to ``errors``
    (fields ``categories`` and ``exclusions``). ``law_date`` is the first day of the stay: whether a
    disability pension allows it depends on the law in force then."""
    categories = codes_of(values.get("categories"))
    if not categories:
        errors.add("categories", _("Choose at least one category of art. 1 ust. 2 the person belongs to."))
    unknown = [code for code in categories if code not in CATEGORY_VALUES]
    if unknown:
        errors.add(
            "categories",
            _("There is no category %(codes)s; use: %(choices)s.")
            % {"codes": ", ".join(unknown), "choices": ", ".join(EligibilityCategory.values)},
        )
    repeated = sorted({code for code in categories if categories.count(code) > 1})
    if repeated:
        errors.add("categories", _("The category %(codes)s is given more than once.") % {"codes": ", ".join(repeated)})
    exclusions = codes_of(values.get("exclusions"))
    confirmed_none = bool(values.get("exclusions_none"))
    exclusion = ""
    if confirmed_none and exclusions:
        errors.add(
            "exclusions",
            _(
                "You confirmed that none of the benefits of art. 1 ust. 3 applies and also chose one: "
                "choose one or the other."
            ),
        )
        return categories, exclusion
    if not confirmed_none and not exclusions:
        errors.add(
            "exclusions",
            _(
                "Check whether the person is entitled to a benefit of art. 1 ust. 3 (unemployment benefit, "
                "pre-retirement allowance or benefit, structural pension, pension for inability to work, "
                "retirement pension, teachers' compensation benefit): confirm that none applies or choose the "
                "one that does."
            ),
        )
        return categories, exclusion
    bad = [code for code in exclusions if code not in EXCLUSION_VALUES]
    if bad:
        errors.add(
            "exclusions",
            _("There is no benefit %(codes)s; use: %(choices)s.")
            % {"codes": ", ".join(bad), "choices": ", ".join(Exclusion.values)},
        )
        return categories, exclusion
    for category in categories:
        for code in exclusions:
            if code in CONTRADICTIONS.get(category, ()):
                errors.add(
                    "categories",
                    _(
                        "The category “%(category)s” contradicts the entitlement to %(benefit)s: a person entitled "
                        "to it is not unemployed within the meaning of the labour-market law."
                    )
                    % {"category": EligibilityCategory(category).label, "benefit": Exclusion(code).label},
                )
    for code in dict.fromkeys(exclusions):
        if code == Exclusion.DISABILITY_PENSION and law_date is not None:
            allowed_code = (
                statutory.KIS_DISABILITY_PENSION_ALLOWED
                if kind == OrganisationKind.KIS
                else statutory.CIS_DISABILITY_PENSION_ALLOWED
            )
            if lookup(allowed_code, law_date, field="exclusions") == 1:
                exclusion = code
                continue
            if kind == OrganisationKind.KIS:
                message = _(
                    "Before 15.02.2022 the act did not apply to a person entitled to a pension for inability to "
                    "work (art. 1 ust. 3 pkt 6); a KIS admits such a person only since then (art. 1 ust. 3a)."
                )
            else:
                message = _(
                    "A person entitled to a pension for inability to work may take part only in a KIS, not in a "
                    "CIS (art. 1 ust. 3 pkt 6 and ust. 3a)."
                )
            errors.add("exclusions", message)
        elif code != Exclusion.DISABILITY_PENSION:
            errors.add(
                "exclusions",
                _(
                    "The act does not apply to a person entitled to %(benefit)s (art. 1 ust. 3): they cannot "
                    "take part in a CIS or a KIS."
                )
                % {"benefit": Exclusion(code).label},
            )
    return categories, exclusion
