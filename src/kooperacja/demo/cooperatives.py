"""Demo of sphere 2's catalogue of social cooperative models: the shipped models, franchisors and franchisees."""

from kooperacja.cooperatives.loading import models_load


def demo_cooperatives_load(organisations) -> None:
    models_load()
