"""Set how each qualification of the existing card versions is met, from the shipped card data.

Published versions are immutable; this sets the new column once. A row is matched by its card (service code)
and qualification code; rows of cards made in the interface, or codes the shipped data does not name, keep
the default (``evidence``: only a document counts), which an editor may change by publishing a new version.
The loader's fingerprint of a card now includes ``met_by``: a card whose stored fingerprint is that of the
shipped content without it is given the new fingerprint, so that the next ``load_catalogue`` does not publish
a new version only because of this column.
"""

import hashlib
import json

from django.db import migrations


def _fingerprint(card) -> str:
    canonical = json.dumps(card, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def fill(apps, schema_editor):
    from kooperacja.catalogue.data import CARDS
    from kooperacja.catalogue.services import normalise_card

    Qualification = apps.get_model("catalogue", "Qualification")
    ServiceType = apps.get_model("catalogue", "ServiceType")
    shipped = {}
    for card in CARDS:
        for row in card["qualifications"]:
            shipped[(card["code"], row["code"])] = row.get("met_by", "evidence")
    by_value: dict[str, list[int]] = {}
    for pk, service_code, code in Qualification.objects.values_list("pk", "version__service_type__code", "code"):
        value = shipped.get((service_code, code))
        if value and value != "evidence":
            by_value.setdefault(value, []).append(pk)
    for value, pks in by_value.items():
        for start in range(0, len(pks), 500):
            Qualification.objects.filter(pk__in=pks[start : start + 500]).update(met_by=value)
    for card in CARDS:
        new = normalise_card(card)
        old = {**new, "qualifications": [{k: v for k, v in row.items() if k != "met_by"} for row in new["qualifications"]]}
        ServiceType.objects.filter(code=card["code"], source_hash=_fingerprint(old)).update(
            source_hash=_fingerprint(new)
        )


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_qualification_met_by")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
