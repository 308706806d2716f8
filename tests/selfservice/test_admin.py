"""The codes in the admin: listed and shown to look into a complaint about them, never
added, changed or deleted there, and never with their hash."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from contactcenter.selfservice import services
from contactcenter.selfservice.models import AccessCode
from tests.selfservice.conftest import NUMBER

pytestmark = pytest.mark.django_db



def test_the_codes_are_read_only_in_the_admin(superuser_client: Client) -> None:
    access = services.request_code(phone=NUMBER, client_ip="10.0.0.1", language="fr")
    listing = superuser_client.get(reverse("admin:selfservice_accesscode_changelist"))
    assert listing.status_code == 200 and NUMBER in listing.content.decode()
    change_url = reverse("admin:selfservice_accesscode_change", args=[access.pk])
    page = superuser_client.get(change_url)
    assert page.status_code == 200
    assert access.code_hash not in page.content.decode()
    assert superuser_client.get(
        reverse("admin:selfservice_accesscode_add")).status_code == 403
    assert superuser_client.post(change_url, {"tries": "0"}).status_code == 403
    delete_url = reverse("admin:selfservice_accesscode_delete", args=[access.pk])
    assert superuser_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert AccessCode.objects.filter(pk=access.pk).exists()
