from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "kooperacja.training"
    label = "training"
