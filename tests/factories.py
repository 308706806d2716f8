"""factory_boy factories for every app's models."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from contactcenter.customers.models import Channel, ContactPoint, Customer, Interaction
from contactcenter.org.models import Agency, Agent, Direction, Queue, Region
from tickets.models import Category, Ticket
from tickets.references import new_reference


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"DR{n:02d}")
    name_fr = factory.Sequence(lambda n: f"Région {n}")
    name_ar = factory.Sequence(lambda n: f"جهة {n}")


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"AG{n:03d}")
    name_fr = factory.Sequence(lambda n: f"Agence {n}")
    name_ar = factory.Sequence(lambda n: f"وكالة {n}")
    region = factory.SubFactory(RegionFactory)


class DirectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Direction

    code = factory.Sequence(lambda n: f"DIR{n:02d}")
    name_fr = factory.Sequence(lambda n: f"Direction {n}")
    name_ar = factory.Sequence(lambda n: f"مديرية {n}")
    kind = Direction.Kind.BACK_OFFICE


class QueueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Queue

    code = factory.Sequence(lambda n: f"Q{n:03d}")
    name_fr = factory.Sequence(lambda n: f"File {n}")
    name_ar = factory.Sequence(lambda n: f"طابور {n}")
    agency = factory.SubFactory(AgencyFactory)
    direction = None


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Amina"
    last_name = factory.Sequence(lambda n: f"Agent{n}")
    password = factory.django.Password("pass-for-tests")


class AgentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agent

    user = factory.SubFactory(UserFactory)
    role = Agent.Role.FRONT_OFFICE
    agency = factory.SubFactory(AgencyFactory)


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    kind = Customer.Kind.PERSON
    roles = factory.LazyFunction(lambda: [Customer.Role.INSURED])
    first_name = "Fatima"
    last_name = factory.Sequence(lambda n: f"Benali{n}")
    immatriculation = factory.Sequence(lambda n: f"{100000000 + n}")
    cin = factory.Sequence(lambda n: f"BE{100000 + n}")
    agency = factory.SubFactory(AgencyFactory)


class EmployerFactory(CustomerFactory):
    kind = Customer.Kind.EMPLOYER
    roles = factory.LazyFunction(list)
    first_name = ""
    last_name = ""
    immatriculation = None
    cin = None
    company_name = factory.Sequence(lambda n: f"Société {n} SARL")
    affiliation_number = factory.Sequence(lambda n: f"{1000000 + n}")


class ContactPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPoint

    customer = factory.SubFactory(CustomerFactory)
    kind = ContactPoint.Kind.MOBILE
    value = factory.Sequence(lambda n: f"+2126{10000000 + n}")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cat-{n}")
    audience = Category.Audience.INSURED
    label_fr = factory.Sequence(lambda n: f"Catégorie {n}")
    label_ar = factory.Sequence(lambda n: f"فئة {n}")


class TicketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ticket

    reference = factory.LazyFunction(new_reference)
    customer = factory.SubFactory(CustomerFactory)
    category = factory.SubFactory(CategoryFactory)
    channel = Channel.PHONE
    agency = factory.SelfAttribute("customer.agency")


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    customer = factory.SubFactory(CustomerFactory)
    channel = Channel.PHONE
    direction = Interaction.Direction.INBOUND
    summary = "Appel"
