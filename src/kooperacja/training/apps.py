from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "kooperacja.training"
    label = "training"

    def ready(self) -> None:
        from kooperacja.staffing import figures
        from kooperacja.training.figures import plan_line_figures

        figures.provide(("in_training", "ready"), plan_line_figures)
