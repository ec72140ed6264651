from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "kooperacja.benefits"
    label = "benefits"
