"""The demo's knowledge-base editors: a group holding the knowledge permissions (publishing
included), given to the demo's supervisor, who signs in to the administration to write,
review, publish and archive articles and templates (the administrator, a superuser, may
already). Run after the staff are seeded; running again changes nothing."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

EDITORS_GROUP = "Rédaction de la base de connaissances"
EDITORS = ("superviseur",)
PERMISSIONS = (
    "view_article", "add_article", "change_article", "publish_article",
    "view_replytemplate", "add_replytemplate", "change_replytemplate",
    "delete_replytemplate", "view_articleuse", "view_articlevote",
    "view_searchwithoutresult",
)


def seed_editors() -> int:
    """The editors' group and its members (made staff); returns how many they are."""
    group, _created = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.set(Permission.objects.filter(content_type__app_label="knowledge",
                                                    codename__in=PERMISSIONS))
    editors = list(get_user_model().objects.filter(username__in=EDITORS))
    for user in editors:
        user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    return len(editors)
