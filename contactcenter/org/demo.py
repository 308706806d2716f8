"""The demo organisation and its staff: regions, agencies, headquarters directions and their
queues, then the agents' user accounts, profiles and queue memberships (the tables themselves
are in demo_data). The customers are contactcenter.customers.demo's, the complaint categories
tickets.demo's; contactcenter.demo puts the whole set together.

Every value derives from SEED (never from today), so building again gives the same rows. Rows
are upserted by their natural keys (codes, usernames): building again changes nothing.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from contactcenter.bulk import upsert
from contactcenter.org.demo_data import (
    DIRECTIONS,
    FEMALE_NAMES,
    LAST_NAMES,
    MALE_NAMES,
    REGIONS,
    STAFF,
)
from contactcenter.org.models import Agency, Agent, Direction, Queue, Region

SEED = 2026
DEMO_PASSWORD = "demo-cnss"
# A fixed salt keeps the demo accounts' stored hash the same from one build to the next.
_PASSWORD_SALT = "cnssdemo2026"
DEMO_LOGINS: list[tuple[str, str]] = [
    ("Front-office agent", "guichet"),
    ("Back-office handler", "backoffice"),
    ("Call-centre agent", "callcentre"),
    ("Supervisor", "superviseur"),
    ("Regional manager", "regional"),
    ("Administrator", "admin"),
    ("Auditor (the access log, in the administration)", "auditeur"),
]


@dataclass(frozen=True)
class Organisation:
    """The demo organisation's saved rows, by code. Queues are keyed by their owner's code:
    an agency's front office, a direction's team."""

    regions: dict[str, Region]
    agencies: dict[str, Agency]
    directions: dict[str, Direction]
    queues: dict[str, Queue]


def demo_exists() -> bool:
    """Whether the organisation has been loaded already (the quick start then skips it)."""
    return Region.objects.exists()


def seed_organisation() -> Organisation:
    """Upsert the regions, agencies, directions and queues."""
    names = ["name_fr", "name_ar"]
    regions = {spec.code: Region(code=spec.code, name_fr=spec.name_fr, name_ar=spec.name_ar)
               for spec in REGIONS}
    upsert(Region, list(regions.values()), unique=["code"], update=names)
    agencies = {agency.code: Agency(code=agency.code, name_fr=agency.name_fr,
                                    name_ar=agency.name_ar, city=agency.city,
                                    region=regions[spec.code])
                for spec in REGIONS for agency in spec.agencies}
    upsert(Agency, list(agencies.values()), unique=["code"],
           update=[*names, "city", "region"])
    directions = {spec.code: Direction(code=spec.code, name_fr=spec.name_fr,
                                       name_ar=spec.name_ar, kind=spec.kind)
                  for spec in DIRECTIONS}
    upsert(Direction, list(directions.values()), unique=["code"], update=[*names, "kind"])
    queues = {code: Queue(code=f"FO-{code}", name_fr=f"Guichets {agency.name_fr}",
                          name_ar=f"شبابيك {agency.name_ar}", agency=agency)
              for code, agency in agencies.items()}
    queues |= {spec.code: Queue(code=spec.queue_code, name_fr=spec.queue_fr,
                                name_ar=spec.queue_ar, direction=directions[spec.code])
               for spec in DIRECTIONS}
    upsert(Queue, list(queues.values()), unique=["code"],
           update=[*names, "agency", "direction"])
    return Organisation(regions=regions, agencies=agencies, directions=directions,
                        queues=queues)


def seed_staff(organisation: Organisation) -> int:
    """Upsert the staff's user accounts, agent profiles and queue memberships; returns how
    many agents the staff has."""
    user_model = get_user_model()
    password = make_password(DEMO_PASSWORD, salt=_PASSWORD_SALT)
    rng = random.Random(f"{SEED}:staff")
    names: set[tuple[str, str]] = set()
    usernames = {login for _label, login in DEMO_LOGINS}
    regions, agencies = organisation.regions, organisation.agencies
    directions, queues = organisation.directions, organisation.queues
    for spec in STAFF:
        first, last = _staff_name(rng, names)
        username = spec.username or _free_username(
            f"{ascii_letters(first)[0]}.{ascii_letters(last)}", usernames)
        is_admin = spec.role == Agent.Role.ADMINISTRATOR
        # The auditor signs into the administration, where only the access log is theirs.
        is_staff = is_admin or spec.role == Agent.Role.AUDITOR
        user, _created = user_model.objects.update_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "is_active": True,
                      "email": f"{username}@demo.cnss.ma", "is_staff": is_staff,
                      "is_superuser": is_admin, "password": password})
        place = spec.place or ""
        agent, _created = Agent.objects.update_or_create(user=user, defaults={
            "role": spec.role, "agency": agencies.get(place),
            "direction": directions.get(place), "region": regions.get(place),
            "is_available": True})
        team = queues.get(place) if place in agencies or place in directions else None
        agent.queues.set([team] if team else [])
    return len(STAFF)


def ascii_letters(text: str) -> str:
    """The lower-case ASCII letters and digits of a Latin name (usernames, e-mails)."""
    bare = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in bare.lower() if ch.isalnum())


def _staff_name(rng: random.Random, taken: set[tuple[str, str]]) -> tuple[str, str]:
    while True:
        first = rng.choice(rng.choice([MALE_NAMES, FEMALE_NAMES]))[0]
        last = rng.choice(LAST_NAMES)[0]
        if (first, last) not in taken:
            taken.add((first, last))
            return first, last


def _free_username(base: str, taken: set[str]) -> str:
    username, number = base, 1
    while username in taken:
        number += 1
        username = f"{base}{number}"
    taken.add(username)
    return username
