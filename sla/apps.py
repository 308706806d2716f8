from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        # Imported once the app registry is ready.
        from contactcenter import process_cache

        # Calendars and policies are cached per process (sla.selectors).
        process_cache.forget_on_change("sla", self.get_models())
