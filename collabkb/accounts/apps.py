from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "collabkb.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from collabkb.accounts import second_factor, sessions

        # What a request needs to know about its session is written once, at sign-in.
        user_logged_in.connect(sessions.start, dispatch_uid="collabkb-session-start")
        user_logged_in.connect(second_factor.remember_devices, dispatch_uid="collabkb-devices")
