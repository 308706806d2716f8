"""A small set of satisfaction answers whose figures are counted by hand in the tests.

Region A (agency A), region B (agency B). Days in the fund's time zone, June 2026.

| answer | day   | agency | category audience | customer           | channel | score | comment |
| ------ | ----- | ------ | ----------------- | ------------------ | ------- | ----- | ------- |
| 1      | 06-01 | A      | insured           | insured (A)        | sms     | 5     | yes     |
| 2      | 06-01 | A      | insured           | insured (A)        | sms     | 4     |         |
| 3      | 06-02 | A      | employer          | employer (A)       | web     | 2     | yes     |
| 4      | 06-02 | B      | pensioner         | pensioner (B)      | sms     | 3     |         |
| 5      | 06-03 | B      | (no complaint)    | pensioner (B)      | chat    | 1     | yes     |
| 6      | 06-03 | -      | (no complaint)    | (none)             | chat    | 5     |         |
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from contactcenter.customers.models import Customer
from tests import factories
from tickets import services
from tickets.models import Category

ZONE = ZoneInfo("Africa/Casablanca")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZONE)


def june(day: int) -> date:
    return date(2026, 6, day)


def make_answers(agency_a, agency_b) -> dict[str, object]:
    insured = factories.CategoryFactory(code="ins", audience=Category.Audience.INSURED)
    employer = factories.CategoryFactory(code="emp", audience=Category.Audience.EMPLOYER)
    pension = factories.CategoryFactory(code="pen", audience=Category.Audience.PENSIONER)
    person = factories.CustomerFactory(agency=agency_a)
    company = factories.EmployerFactory(agency=agency_a)
    pensioner = factories.CustomerFactory(agency=agency_b, roles=[Customer.Role.PENSIONER])
    t1 = factories.TicketFactory(customer=person, category=insured, agency=agency_a)
    t2 = factories.TicketFactory(customer=person, category=insured, agency=agency_a)
    t3 = factories.TicketFactory(customer=company, category=employer, agency=agency_a)
    t4 = factories.TicketFactory(customer=pensioner, category=pension, agency=agency_b)
    record = services.record_survey_answer
    # Just before midnight in Casablanca: still 1 June there (the next day in UTC+0 terms
    # would be wrong only if the day were read in UTC).
    record(score=5, channel="sms", ticket=t1, comment="Très bien", answered_at=at(june(1), 23))
    record(score=4, channel="sms", ticket=t2, answered_at=at(june(1), 0))
    record(score=2, channel="web", ticket=t3, comment="Trop lent", answered_at=at(june(2)))
    record(score=3, channel="sms", ticket=t4, answered_at=at(june(2)))
    record(score=1, channel="chat", customer=pensioner, comment="<b>Nul</b>",
           answered_at=at(june(3)))
    record(score=5, channel="chat", answered_at=at(june(3)))
    return {"tickets": [t1, t2, t3, t4], "pensioner": pensioner}
