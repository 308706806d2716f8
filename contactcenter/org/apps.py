from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "contactcenter.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        # Imported once the app registry is ready.
        from contactcenter import process_cache

        # Front offices and call-centre queues are cached per process (tickets.routing,
        # sla.selectors).
        process_cache.forget_on_change("org", [self.get_model("Agency"),
                                               self.get_model("Direction"),
                                               self.get_model("Queue")])
