from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kooperacja.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete, post_save

        from kooperacja.accounts.actor import memberships_changed
        from kooperacja.accounts.middleware import session_sign_in_stamp
        from kooperacja.accounts.models import Membership

        user_logged_in.connect(session_sign_in_stamp, dispatch_uid="kooperacja.accounts.session_sign_in_stamp")
        # However a membership is written (a service, the demo, a test factory), the actors read before are stale.
        for signal in (post_save, post_delete):
            signal.connect(
                lambda **kwargs: memberships_changed(),
                sender=Membership,
                weak=False,
                dispatch_uid=f"kooperacja.accounts.memberships_changed.{signal is post_save}",
            )
