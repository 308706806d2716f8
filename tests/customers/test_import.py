from __future__ import annotations

import csv
import shutil
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import translation

from contactcenter.customers import customer_import
from contactcenter.customers.customer_import import ImportResult, import_customers
from contactcenter.customers.models import ContactPoint, Customer, Employment
from contactcenter.org.models import Agency
from tests import factories

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def agencies(agency_a: Agency, agency_b: Agency) -> dict[str, Agency]:
    return {"AG-A": agency_a, "AG-B": agency_b}


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every stored value of the tables an import writes, updated_at included."""
    return {
        "customers": list(Customer.objects.order_by("pk").values_list()),
        "contact_points": list(ContactPoint.objects.order_by("pk").values_list()),
        "employments": list(Employment.objects.order_by("pk").values_list()),
    }


def person(number: str) -> Customer:
    return Customer.objects.get(immatriculation=number)


def report_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def counts(result: ImportResult) -> tuple[int, int, int, int, int]:
    return result.read, result.created, result.updated, result.unchanged, result.rejected


@pytest.mark.parametrize("batch_size", [1, 2, 2000])
def test_import_creates_persons_employers_links_and_contact_points(
        agencies: dict[str, Agency], batch_size: int) -> None:
    result = import_customers(path=FIXTURES / "customers.csv", batch_size=batch_size)

    assert counts(result) == (7, 6, 1, 0, 0)
    assert result.rejections == []
    atlas = Customer.objects.get(affiliation_number="1234567")
    assert atlas.kind == Customer.Kind.EMPLOYER
    assert atlas.company_name == "Atlas Textile SARL"
    assert atlas.agency == agencies["AG-A"]
    transport = Customer.objects.get(affiliation_number="7654321")
    assert transport.company_name == "شركة الأطلس للنقل"
    assert transport.preferred_language == "ar"

    fatima = person("123456789")
    assert (fatima.first_name, fatima.last_name, fatima.cin) == ("Fatima Zahra", "Benali",
                                                                 "BE123456")
    assert fatima.birth_date == date(1985, 3, 14)
    assert fatima.roles == ["insured"]
    assert fatima.name_search == "fatima zahra benali"
    assert set(fatima.contact_points.values_list("kind", "value", "is_primary")) == {
        ("mobile", "+212612345678", True), ("email", "fatima.benali@example.ma", True)}
    assert set(fatima.employments.values_list("employer__affiliation_number", "start_date",
                                              "end_date")) == {
        ("1234567", date(2010, 1, 1), date(2015, 6, 30)),
        ("7654321", date(2015, 7, 1), None)}

    mohamed = person("987654321")
    assert (mohamed.first_name, mohamed.last_name) == ("محمد", "العلوي")
    assert mohamed.cin == "AB12345"
    assert mohamed.roles == ["insured", "pensioner"]
    assert mohamed.name_search == "محمد العلوي"
    assert mohamed.name_keys == ["mhmd", "lW", "mhmdlW"]  # found as "Mohamed Alaoui" too
    assert fatima.name_keys[:3] == ["ftm", "zhr", "bnl"]
    assert list(mohamed.contact_points.values_list("value", flat=True)) == ["+212761234567"]

    youssef = Customer.objects.get(cin="J456789")
    assert youssef.immatriculation is None
    assert youssef.roles == ["voluntary"]
    assert person("111222333").last_name == "Aït Ben Haddou"
    assert person("111222333").name_search == "khadija ait ben haddou"
    assert Customer.objects.count() == 6
    assert Employment.objects.count() == 2


def test_importing_the_same_file_twice_changes_nothing(agencies: dict[str, Agency]) -> None:
    import_customers(path=FIXTURES / "customers.csv")
    before = snapshot()

    result = import_customers(path=FIXTURES / "customers.csv")

    assert counts(result) == (7, 0, 0, 7, 0)
    assert snapshot() == before


def test_a_second_file_updates_changed_values_and_leaves_the_rest(
        agencies: dict[str, Agency]) -> None:
    import_customers(path=FIXTURES / "customers.csv")
    before = {c.pk: c for c in Customer.objects.all()}

    result = import_customers(path=FIXTURES / "customers_update.csv")

    assert counts(result) == (4, 0, 3, 1, 0)
    atlas = Customer.objects.get(affiliation_number="1234567")
    assert atlas.company_name == "Atlas Textile SA"
    assert atlas.name_search == "atlas textile sa"
    fatima = person("123456789")
    assert fatima.last_name == "Benali Tazi"
    assert fatima.name_search == "fatima zahra benali tazi"
    assert "tz" in fatima.name_keys  # renamed: the skeletons follow
    assert fatima.contact_points.count() == 2
    assert fatima.employments.get(employer=Customer.objects.get(
        affiliation_number="7654321")).end_date == date(2020, 12, 31)
    youssef = Customer.objects.get(cin="J456789")
    assert youssef.immatriculation == "333444555"
    assert youssef.first_name == "Youssef"
    mohamed = person("987654321")
    assert mohamed.roles == ["insured", "pensioner"]
    assert mohamed.updated_at == before[mohamed.pk].updated_at
    assert atlas.updated_at > before[atlas.pk].updated_at
    assert Customer.objects.count() == 6


def test_each_bad_value_rejects_its_line_and_saves_nothing_of_it(
        agencies: dict[str, Agency]) -> None:
    karim = factories.CustomerFactory(immatriculation="555555555", cin="BK111111",
                                      first_name="Karim", last_name="Lahlou")
    karim_before = Customer.objects.values().get(pk=karim.pk)

    result = import_customers(path=FIXTURES / "customers_invalid.csv")

    assert counts(result) == (12, 2, 0, 0, 10)
    assert {(r.line, r.field) for r in result.rejections} == {
        (3, "immatriculation"),
        (4, "cin"),
        (5, "mobile"),
        (6, "birth_date"),
        (7, "employer_affiliation_number"),
        (8, "agency_code"),
        (9, "roles"),
        (10, "cin"),
        (11, "cin"),
        (12, "email"),
    }
    assert all(r.reason for r in result.rejections)
    conflict = next(r for r in result.rejections if r.line == 10)
    assert "BK111111" in conflict.reason and "555555555" in conflict.reason
    assert not Customer.objects.filter(immatriculation__startswith="3000000").exists()
    assert not Customer.objects.filter(cin__startswith="BE3000").exists()
    assert not ContactPoint.objects.filter(value__startswith="+21261100000").exists()
    assert Customer.objects.values().get(pk=karim.pk) == karim_before
    assert not karim.employments.exists()
    leila = person("222222222")
    assert leila.employments.get().employer.affiliation_number == "1234567"
    assert list(leila.contact_points.values_list("value", flat=True)) == ["+212611000011"]


def test_an_employer_must_come_before_the_persons_it_employs(tmp_path: Path) -> None:
    path = tmp_path / "late.csv"
    path.write_text(
        "kind,immatriculation,last_name,affiliation_number,company_name,"
        "employer_affiliation_number,employment_start\n"
        "person,123456789,Benali,,,1234567,2020-01-01\n"
        "employer,,,1234567,Atlas Textile SARL,,\n", encoding="utf-8")

    result = import_customers(path=path)

    assert counts(result) == (2, 1, 0, 0, 1)
    assert [(r.line, r.field) for r in result.rejections] == [
        (2, "employer_affiliation_number")]


def test_a_line_the_database_refuses_is_rejected_alone(agencies: dict[str, Agency]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE customers_customer ADD CONSTRAINT refuses_el_idrissi "
                       "CHECK (last_name <> 'El Idrissi')")

    result = import_customers(path=FIXTURES / "customers.csv")

    assert counts(result) == (7, 5, 1, 0, 1)
    [rejection] = result.rejections
    assert (rejection.line, rejection.field) == (7, "refuses_el_idrissi")
    assert not Customer.objects.filter(cin="J456789").exists()
    assert not ContactPoint.objects.filter(value="+212770123456").exists()
    assert person("123456789").employments.count() == 2


def test_a_file_with_a_byte_order_mark_imports_the_same(
        agencies: dict[str, Agency], tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "customers.csv").read_bytes())

    result = import_customers(path=path)

    assert counts(result) == (7, 6, 1, 0, 0)
    assert person("987654321").first_name == "محمد"


def test_text_that_is_not_utf8_is_rejected_by_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("kind,immatriculation,last_name\n"
                     "person,123456789,Benali\n"
                     "person,223456789,Aït Ben Haddou\n".encode("latin-1"))

    result = import_customers(path=path)

    assert counts(result) == (2, 1, 0, 0, 1)
    assert [(r.line, r.field) for r in result.rejections] == [(3, "last_name")]


def test_the_command_prints_a_summary_and_writes_the_report(
        agencies: dict[str, Agency], tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    shutil.copy(FIXTURES / "customers_invalid.csv", path)
    out = StringIO()

    with translation.override("en"):
        call_command("import_customers", str(path), "--no-progress", stdout=out)

    output = out.getvalue()
    for expected in ("Rows read: 12", "Created: 4", "Updated: 0", "Unchanged: 0",
                     "Rejected: 8", "rows/s", str(tmp_path / "customers.rejected.csv")):
        assert expected in output
    rows = report_rows(tmp_path / "customers.rejected.csv")
    assert list(rows[0]) == ["line", "field", "reason"]
    assert [(row["line"], row["field"]) for row in rows[:3]] == [
        ("3", "immatriculation"), ("4", "cin"), ("5", "mobile")]
    assert "0512" in rows[2]["reason"]


def test_the_command_writes_the_report_where_asked_and_shows_progress_on_stderr(
        agencies: dict[str, Agency], tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "out" / "rejected.csv"
    report.parent.mkdir()
    out = StringIO()

    with translation.override("en"):
        call_command("import_customers", str(FIXTURES / "customers.csv"), "--report",
                     str(report), stdout=out)

    assert "Rejected: 0" in out.getvalue()
    assert report_rows(report) == []
    assert not (FIXTURES / "customers.rejected.csv").exists()
    assert "7/7" in capsys.readouterr().err


def test_the_command_refuses_a_file_with_unknown_columns(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("kind,immatriculation,nickname\nperson,123456789,Fafa\n", encoding="utf-8")

    with pytest.raises(CommandError, match="nickname"):
        call_command("import_customers", str(path), "--no-progress", stdout=StringIO())

    assert not Customer.objects.exists()


def test_a_line_with_more_values_than_columns_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text("kind,immatriculation,last_name\n"
                    "person,123456789,Benali,surplus\n"
                    "person,223456789,Tazi,\n", encoding="utf-8")

    result = import_customers(path=path)

    assert counts(result) == (2, 1, 0, 0, 1)
    assert result.rejections[0].line == 2


def test_two_lines_of_one_file_cannot_give_one_cin_to_two_people(tmp_path: Path) -> None:
    path = tmp_path / "twice.csv"
    path.write_text("kind,immatriculation,cin,last_name\n"
                    "person,123456789,BE123456,Benali\n"
                    "person,223456789,BE123456,Tazi\n"
                    "person,123456789,BK654321,Benali\n", encoding="utf-8")

    result = import_customers(path=path)

    assert counts(result) == (3, 1, 0, 0, 2)
    assert [(r.line, r.field) for r in result.rejections] == [(3, "cin"), (4, "cin")]
    assert list(Customer.objects.values_list("immatriculation", "cin")) == [
        ("123456789", "BE123456")]


def test_a_column_of_the_other_kind_rejects_the_line(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text("kind,immatriculation,last_name,affiliation_number,company_name\n"
                    "employer,123456789,,1234567,Atlas Textile SARL\n"
                    "person,223456789,Tazi,,Atlas Textile SARL\n", encoding="utf-8")

    result = import_customers(path=path)

    assert counts(result) == (2, 0, 0, 0, 2)
    assert [(r.line, r.field) for r in result.rejections] == [
        (2, "immatriculation"), (3, "company_name")]


def test_the_documented_example_imports(tmp_path: Path) -> None:
    example = (customer_import.__doc__ or "").split("Example")[1].split("\n\n", 1)[1]
    path = tmp_path / "example.csv"
    path.write_text("\n".join(line.strip() for line in example.splitlines()), encoding="utf-8")

    result = import_customers(path=path)

    assert counts(result) == (3, 3, 0, 0, 0)
    assert person("123456789").employments.get().employer.company_name == "Atlas Textile SARL"
