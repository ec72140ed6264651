from django.apps import AppConfig


class PlacementConfig(AppConfig):
    name = "kooperacja.placement"
    label = "placement"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from kooperacja.core import waiting
        from kooperacja.placement.models import FollowUp, MatchingRun, Proposal, Referral
        from kooperacja.placement.selectors import outcome_covered_by_hire, plan_line_figures
        from kooperacja.placement.waiting import KINDS
        from kooperacja.staffing import figures
        from kooperacja.training import outcome_coverage

        # Decisions on people's placement are kept with who changed what and when.
        auditlog.register(MatchingRun, include_fields=["status", "territory", "plan", "error"])
        auditlog.register(Proposal, include_fields=["status", "need", "decided_by"])
        auditlog.register(Referral, exclude_fields=["updated_at", "created_at"])
        auditlog.register(FollowUp)
        figures.provide(("placed",), plan_line_figures)
        # A stay's outcome that is the job a referral led to is followed up by the referral's follow-ups.
        outcome_coverage.provide(outcome_covered_by_hire)
        for kind in KINDS:
            waiting.register(kind)
