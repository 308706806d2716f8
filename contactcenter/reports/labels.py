"""Names shown on the reports' charts: categories, regions and agencies, in the active
language."""

from __future__ import annotations

from contactcenter.i18n import localized
from contactcenter.org import selectors as org_selectors
from tickets import selectors as ticket_selectors


def category_names() -> dict[int, str]:
    return {category.pk: category.label for category in ticket_selectors.all_categories().all()}


def region_names() -> dict[int, str]:
    return {region.pk: localized(fr=region.name_fr, ar=region.name_ar)
            for region in org_selectors.regions()}


def agency_names() -> dict[int, str]:
    return {agency.pk: localized(fr=agency.name_fr, ar=agency.name_ar)
            for agency in org_selectors.agencies()}
