"""Reads of the organisation kept per process: fresh again after a change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contactcenter.org import selectors

pytestmark = pytest.mark.django_db


def test_an_agency_is_read_once_then_again_after_it_changes(agency_a) -> None:
    assert selectors.agency_by_id(agency_a.pk) == agency_a
    with CaptureQueriesContext(connection) as queries:
        assert selectors.agency_by_id(agency_a.pk).name_fr == agency_a.name_fr
    assert not queries.captured_queries
    agency_a.name_fr = "Agence Hay Hassani"
    agency_a.save()
    assert selectors.agency_by_id(agency_a.pk).name_fr == "Agence Hay Hassani"
