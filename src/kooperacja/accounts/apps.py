from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kooperacja.accounts"
    label = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from kooperacja.accounts.middleware import session_sign_in_stamp

        user_logged_in.connect(session_sign_in_stamp, dispatch_uid="kooperacja.accounts.session_sign_in_stamp")
