from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "contactcenter.desk"
    label = "desk"
    verbose_name = _("Agent desk")

    def ready(self) -> None:
        # The one place that wires knowledge into telephony (siblings that never import
        # each other): the desk's layer is above both. Imported once the app registry is
        # ready (they import models).
        from knowledge import sms_links
        from telephony import hooks

        # SMS replies end with the help article answering the question (telephony.hooks).
        hooks.register_help_link(sms_links.public_link_for)
