from django.apps import AppConfig


class AdmissionConfig(AppConfig):
    name = "kooperacja.admission"
    label = "admission"
