from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "kooperacja.training"
    label = "training"

    def ready(self) -> None:
        from kooperacja.core import waiting
        from kooperacja.staffing import figures
        from kooperacja.training.figures import plan_line_figures
        from kooperacja.training.waiting import KINDS

        figures.provide(("in_training", "ready"), plan_line_figures)
        for kind in KINDS:
            waiting.register(kind)
