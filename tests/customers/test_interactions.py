from __future__ import annotations

import pytest

from contactcenter.customers import services
from contactcenter.customers.models import Channel, Interaction

pytestmark = pytest.mark.django_db


def test_an_interaction_is_recorded_once_per_carrier_id(customer, agent) -> None:
    first, created = services.record_interaction(
        customer=customer, channel=Channel.SMS, direction=Interaction.Direction.INBOUND,
        summary="SUIVI 1234567", carrier_id="SM123")
    assert created
    for _ in range(9):
        again, created = services.record_interaction(
            customer=customer, channel=Channel.SMS, direction=Interaction.Direction.INBOUND,
            summary="SUIVI 1234567", carrier_id="SM123")
        assert not created and again.pk == first.pk
    assert Interaction.objects.count() == 1


def test_the_same_carrier_id_on_another_channel_is_another_interaction(customer) -> None:
    services.record_interaction(customer=customer, channel=Channel.SMS,
                                direction=Interaction.Direction.INBOUND, carrier_id="X1")
    services.record_interaction(customer=customer, channel=Channel.PHONE,
                                direction=Interaction.Direction.INBOUND, carrier_id="X1")
    assert Interaction.objects.count() == 2


def test_interaction_text_is_cleaned_of_control_characters(customer, agent) -> None:
    interaction, _ = services.record_interaction(
        customer=customer, channel=Channel.COUNTER, direction=Interaction.Direction.INBOUND,
        summary="Visite\x00 au guichet\x07", agent=agent)
    interaction.refresh_from_db()
    assert interaction.summary == "Visite au guichet"
    assert interaction.agent == agent


def test_a_bad_channel_is_refused(customer) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        services.record_interaction(customer=customer, channel="pigeon",
                                    direction=Interaction.Direction.INBOUND)
    assert "channel" in error.value.message_dict
    assert not Interaction.objects.exists()
