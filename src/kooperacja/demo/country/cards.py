"""The catalogue as the generator uses it: the current version of each service card with its qualifications
and its CIS and KIS course modules (``manage.py load_catalogue``)."""

from dataclasses import dataclass, field

from kooperacja.catalogue.models import MET_BY_COURSE, ProgrammeModule, Qualification, ServiceType


@dataclass(frozen=True)
class Qual:
    id: int
    code: str
    name: str
    mandatory: bool
    order: int
    met_by: str = "evidence"

    @property
    def met_by_course(self) -> bool:
        return self.met_by in MET_BY_COURSE


@dataclass
class Card:
    version_id: int
    service_type_id: int
    name: str
    qualifications: list[Qual] = field(default_factory=list)
    modules: dict[str, list[int]] = field(default_factory=dict)  # variant ("cis"/"kis") -> module ids in order

    @property
    def first_mandatory(self) -> Qual | None:
        return next((q for q in sorted(self.qualifications, key=lambda q: (q.order, q.id)) if q.mandatory), None)


def cards_load() -> list[Card]:
    cards = {
        version_id: Card(version_id, type_id, name)
        for type_id, version_id, name in ServiceType.objects.filter(current_version__isnull=False)
        .order_by("code")
        .values_list("id", "current_version_id", "current_version__name")
    }
    for row in (
        Qualification.objects.filter(version_id__in=cards)
        .order_by("version_id", "order", "id")
        .values_list("version_id", "id", "code", "name", "mandatory", "order", "met_by")
    ):
        cards[row[0]].qualifications.append(Qual(*row[1:]))
    for version_id, module_id, variant in (
        ProgrammeModule.objects.filter(version_id__in=cards)
        .order_by("version_id", "variant", "order", "id")
        .values_list("version_id", "id", "variant")
    ):
        cards[version_id].modules.setdefault(variant, []).append(module_id)
    return [card for card in cards.values() if card.qualifications]
