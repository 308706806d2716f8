from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChatConfig(AppConfig):
    name = "contactcenter.chat"
    label = "chat"
    verbose_name = _("Web chat")
