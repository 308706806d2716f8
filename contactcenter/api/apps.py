from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API. No tables: it reads and writes through the other apps."""

    name = "contactcenter.api"
    label = "api"
    verbose_name = "REST API"

    def ready(self) -> None:
        # Imported once the app registry is ready (it imports models).
        from contactcenter.api import authentication

        authentication.forget_on_change()
