"""Names shown on the reports' charts: categories, regions and agencies, in the active
language; kept a few minutes per process (forgotten at once when one is saved)."""

from __future__ import annotations

from django.utils.translation import get_language

from contactcenter import process_cache
from contactcenter.i18n import localized
from contactcenter.org import selectors as org_selectors
from tickets import selectors as ticket_selectors

NAMES_SECONDS = 300


def category_names() -> dict[int, str]:
    return process_cache.cached(
        "tickets-categories", ("report-names", get_language()), NAMES_SECONDS,
        lambda: {category.pk: category.label
                 for category in ticket_selectors.all_categories().all()})


def region_names() -> dict[int, str]:
    return process_cache.cached(
        "org", ("report-region-names", get_language()), NAMES_SECONDS,
        lambda: {region.pk: localized(fr=region.name_fr, ar=region.name_ar)
                 for region in org_selectors.regions()})


def agency_names() -> dict[int, str]:
    return process_cache.cached(
        "org", ("report-agency-names", get_language()), NAMES_SECONDS,
        lambda: {agency.pk: localized(fr=agency.name_fr, ar=agency.name_ar)
                 for agency in org_selectors.agencies()})
