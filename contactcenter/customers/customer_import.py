"""Import of persons, employers and employment periods from a CSV file.

    python manage.py import_customers customers.csv [--report rejected.csv]

The file is UTF-8, with or without a byte-order mark, comma-separated, with a header line
naming the columns in any order. Only `kind` is required; an unknown column refuses the file.
Each line is one person or one employer:

  kind                         person | employer
  immatriculation              person: immatriculation number (9 digits)
  cin                          person: national identity card number, e.g. BE123456
  first_name, last_name        person: a new person needs at least one of them
  birth_date                   person: YYYY-MM-DD
  roles                        person: ;-separated list of insured, pensioner, dependant,
                               voluntary
  affiliation_number           employer: affiliation number (7 digits), required
  company_name                 employer: required for a new employer
  mobile                       mobile number in any usual form (0612345678, +212 6 12 34 56
                               78), stored in E.164 (+212612345678)
  email                        e-mail address
  preferred_language           fr | ar
  agency_code                  code of a known agency
  employer_affiliation_number  person: the employer of an employment period; the employer
                               is in the database already or on an earlier line of the file
  employment_start             YYYY-MM-DD, required with employer_affiliation_number
  employment_end               YYYY-MM-DD, optional, not before the start

Identifier formats come from settings (IMMATRICULATION_FORMAT, CIN_FORMAT,
AFFILIATION_NUMBER_FORMAT); spaces, dashes and dots in them are ignored.

Records are matched by immatriculation for persons (by CIN when the line has none, or when
the record is known by its CIN alone, which then gets the immatriculation) and by affiliation
number for employers: a known record is updated, an unknown one is created. An empty cell
never erases a stored value. Roles are added to the stored ones; a mobile or an
e-mail is added when the record does not have it yet; an employment period is identified by
person, employer and start, and its end is updated when the file gives one. A person may appear
on several lines, for instance one per employment period.

A line is imported whole (the record, its contact points, its employment period) or not at
all. It is rejected when a value is invalid, when the agency or the employer is unknown, or
when an identifier already belongs to another record (a CIN held by another immatriculation):
identities are never overwritten. Rejected lines are listed in a CSV report (line, field,
reason), by default next to the file as <name>.rejected.csv. Importing the same file again
changes nothing.

Example (an employer, then a person employed there since 2015):

  kind,affiliation_number,company_name,immatriculation,cin,first_name,last_name,mobile,employer_affiliation_number,employment_start
  employer,1234567,Atlas Textile SARL,,,,,0661234567,,
  person,,,123456789,BE123456,Fatima Zahra,Benali,0612345678,1234567,2015-07-01
  person,,,987654321,AB12345,محمد,العلوي,+212761234567,,
"""

from __future__ import annotations

import csv
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.db import DataError, IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contactcenter.customers.customer_import_file import (
    COLUMNS,
    ROLES,
    ImportFileError,
    Known,
    Line,
    Rejection,
    read_chunks,
)
from contactcenter.customers.identifiers import IDENTIFIER_FIELDS
from contactcenter.customers.models import ContactPoint, Customer, Employment, Language
from contactcenter.customers.text import fold
from contactcenter.customers.transliteration import name_keys
from contactcenter.org import selectors as org_selectors

__all__ = ["BATCH_SIZE", "COLUMNS", "ImportFileError", "ImportResult", "Rejection",
           "count_lines", "default_report_path", "import_customers", "write_report"]

BATCH_SIZE = 2000
_STORED = ("kind", "roles", "first_name", "last_name", "company_name", "birth_date",
           "immatriculation", "affiliation_number", "cin", "preferred_language", "agency_id",
           "name_search")


@dataclass
class ImportResult:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.read / self.elapsed if self.elapsed else 0.0

    def reject(self, rejections: list[Rejection]) -> None:
        self.rejected += 1
        self.rejections.extend(rejections)


def default_report_path(path: Path) -> Path:
    """customers.csv -> customers.rejected.csv, in the same folder."""
    return path.with_name(f"{path.stem}.rejected.csv")


def count_lines(path: Path) -> int:
    """Lines after the header: the number of rows, unless values span lines."""
    newlines, last = 0, b""
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            newlines += chunk.count(b"\n")
            last = chunk
    if newlines and not last.endswith(b"\n"):
        newlines += 1
    return max(newlines - 1, 0)


def write_report(*, path: Path, rejections: list[Rejection]) -> None:
    """Write the rejected lines as CSV (line, field, reason), in line order."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["line", "field", "reason"])
        for rejection in sorted(rejections, key=lambda r: r.line):
            writer.writerow([rejection.line, rejection.field, rejection.reason])


def import_customers(*, path: Path, batch_size: int = BATCH_SIZE,
                     on_progress: Callable[[int], object] | None = None) -> ImportResult:
    """Create or update the records of a CSV file, in one transaction per batch of lines.
    Raises ImportFileError when the file cannot be read; bad lines are rejected instead."""
    started = time.monotonic()
    result = ImportResult()
    known = Known(agencies=org_selectors.agency_ids_by_code(),
                  today=timezone.localdate())
    for chunk in read_chunks(path, known=known, size=batch_size):
        result.read += chunk.size
        for rejections in chunk.rejected:
            result.reject(rejections)
        if chunk.lines:
            _import_batch(chunk.lines, result)
        if on_progress:
            on_progress(chunk.size)
    result.elapsed = time.monotonic() - started
    return result


# --- Applying lines to the database, a batch at a time --------------------------------------

class _Refused(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(eq=False)
class _Record:
    """A customer as the batch leaves it, with what the batch adds to it."""

    id: int | None
    values: dict[str, Any]
    original: dict[str, Any] | None  # as stored; None for a record the batch creates
    line: int = 0
    merged_into_id: int | None = None
    contacts: set[tuple[str, str]] = field(default_factory=set)
    new_contacts: list[tuple[str, str, bool]] = field(default_factory=list)
    jobs: dict[tuple[_Record, date], date | None] = field(default_factory=dict)  # by employer
    changed_jobs: set[tuple[_Record, date]] = field(default_factory=set)

    def describe(self) -> str:
        if self.values["immatriculation"]:
            return _("immatriculation %(number)s") % {"number": self.values["immatriculation"]}
        if self.id is not None:
            return _("record #%(id)d") % {"id": self.id}
        return _("line %(line)d") % {"line": self.line}


def _import_batch(rows: list[Line], result: ImportResult) -> None:
    """Apply a batch in one transaction; if the database refuses it, apply it again line by
    line, each in a savepoint, so that only the lines it refuses are rejected."""
    try:
        with transaction.atomic():
            batch = _Batch().run(rows)
    except (IntegrityError, DataError):
        with transaction.atomic():
            for row in rows:
                try:
                    with transaction.atomic():
                        single = _Batch().run([row])
                except (IntegrityError, DataError) as exc:
                    result.reject([_database_rejection(row.number, exc)])
                else:
                    single.count(result)
    else:
        batch.count(result)


def _database_rejection(line: int, exc: Exception) -> Rejection:
    diag = getattr(exc.__cause__, "diag", None)
    name = (getattr(diag, "column_name", None) or getattr(diag, "constraint_name", None)) or ""
    message = (str(exc.__cause__ or exc).strip().splitlines() or [""])[0]
    return Rejection(line, name, _("The database refused this line: %(error)s")
                     % {"error": message})


class _Batch:
    """What a batch of lines does to the records it touches: worked out in memory against the
    stored records (locked), then written with a few statements. Call inside a transaction."""

    def __init__(self) -> None:
        self.records: list[_Record] = []
        self.index: dict[tuple[str, str], _Record] = {}
        self.outcomes: list[str] = []
        self.rejections: list[list[Rejection]] = []

    def run(self, rows: list[Line]) -> _Batch:
        self._load(rows)
        for row in rows:
            try:
                self.outcomes.append(self._apply(row))
            except _Refused as refused:
                self.rejections.append([Rejection(row.number, refused.field, refused.reason)])
        self._write()
        return self

    def count(self, result: ImportResult) -> None:
        for outcome in self.outcomes:
            setattr(result, outcome, getattr(result, outcome) + 1)
        for rejections in self.rejections:
            result.reject(rejections)

    def _load(self, rows: list[Line]) -> None:
        """Load and lock the stored records the lines name, with their contact points and
        employment periods (row locks in id order, so that two imports cannot deadlock)."""
        wanted: dict[str, set[str]] = {name: set() for name in IDENTIFIER_FIELDS}
        for row in rows:
            for name in IDENTIFIER_FIELDS:
                if row.values.get(name):
                    wanted[name].add(row.values[name])
            if row.employer:
                wanted["affiliation_number"].add(row.employer)
        by_id: dict[int, _Record] = {}
        stored = _query(f"""
            SELECT id, merged_into_id, {", ".join(_STORED)} FROM {Customer._meta.db_table}
            WHERE immatriculation = ANY(%s) OR affiliation_number = ANY(%s) OR cin = ANY(%s)
            ORDER BY id FOR UPDATE""", [sorted(wanted[name]) for name in IDENTIFIER_FIELDS])
        for pk, merged_into_id, *stored_values in stored:
            values = dict(zip(_STORED, stored_values, strict=True))
            record = _Record(id=pk, merged_into_id=merged_into_id, values=values,
                             original=dict(values))
            by_id[pk] = record
            self.records.append(record)
            self._index(record)
        if not by_id:
            return
        ids = list(by_id)
        points = _query(f"""SELECT customer_id, kind, value FROM {ContactPoint._meta.db_table}
                            WHERE customer_id = ANY(%s)""", [ids])
        for customer_id, kind, value in points:
            by_id[customer_id].contacts.add((kind, value))
        periods = _query(f"""
            SELECT person_id, employer_id, start_date, end_date FROM {Employment._meta.db_table}
            WHERE person_id = ANY(%s)""", [ids])
        for person_id, employer_id, start, end in periods:
            if employer_id in by_id:  # no line names the other employers
                by_id[person_id].jobs[(by_id[employer_id], start)] = end

    def _index(self, record: _Record) -> None:
        for name in IDENTIFIER_FIELDS:
            if record.values[name]:
                self.index[(name, record.values[name])] = record

    def _target(self, row: Line) -> _Record | None:
        """The record a line is about, or _Refused when its identifiers point to two records
        or contradict the stored ones."""
        if row.kind == Customer.Kind.EMPLOYER:
            return self.index.get(("affiliation_number", row.values["affiliation_number"]))
        number, cin = row.values.get("immatriculation"), row.values.get("cin")
        by_number = self.index.get(("immatriculation", number)) if number else None
        by_cin = self.index.get(("cin", cin)) if cin else None
        if by_number and by_cin and by_number is not by_cin:
            raise _Refused("cin", _("CIN %(cin)s already belongs to another person (%(other)s).")
                           % {"cin": cin, "other": by_cin.describe()})
        if by_number and cin and by_number.values["cin"] not in (None, cin):
            raise _Refused("cin", _("The person with immatriculation %(number)s has CIN "
                                    "%(stored)s, not %(cin)s.")
                           % {"number": number, "stored": by_number.values["cin"], "cin": cin})
        if by_cin and number and by_cin.values["immatriculation"] not in (None, number):
            raise _Refused("cin", _("CIN %(cin)s already belongs to another person (%(other)s).")
                           % {"cin": cin, "other": by_cin.describe()})
        return by_number or by_cin

    def _apply(self, row: Line) -> str:
        """Fold one line into the batch: "created", "updated" or "unchanged", or _Refused
        before anything is changed."""
        record = self._target(row)
        if record is not None and record.merged_into_id:
            raise _Refused("", _("The record of %(who)s was merged into record #%(id)d.")
                           % {"who": record.describe(), "id": record.merged_into_id})
        employer = self.index.get(("affiliation_number", row.employer or ""))
        if row.employer and employer is None:
            raise _Refused("employer_affiliation_number",
                           _("No employer with affiliation number %(number)s in the database "
                             "or on an earlier line.") % {"number": row.employer})
        values = dict(record.values) if record else {
            "kind": row.kind, "roles": [], "first_name": "", "last_name": "",
            "company_name": "", "birth_date": None, "immatriculation": None,
            "affiliation_number": None, "cin": None,
            "preferred_language": Language.FRENCH.value, "agency_id": None, "name_search": ""}
        values.update(row.values)
        values["roles"] = [*values["roles"], *(role for role in ROLES
                                               if role in row.roles
                                               and role not in values["roles"])]
        values["name_search"] = fold(" ".join(filter(None, [
            values["first_name"], values["last_name"], values["company_name"]])))
        if record is None and not values["name_search"]:
            name = "company_name" if row.kind == Customer.Kind.EMPLOYER else "last_name"
            raise _Refused(name, _("A new record needs a name."))

        created = record is None
        if record is None:
            record = _Record(id=None, values=values, original=None, line=row.number)
            self.records.append(record)
        changed = values != record.values
        record.values = values
        self._index(record)
        kinds = {kind for kind, _value in record.contacts}
        for kind, value in row.contacts:
            if (kind, value) not in record.contacts:
                record.contacts.add((kind, value))
                record.new_contacts.append((kind, value, kind not in kinds))
                changed = True
        if employer and row.start:
            job = (employer, row.start)
            if job not in record.jobs or (row.end and record.jobs[job] != row.end):
                record.jobs[job] = row.end or record.jobs.get(job)
                record.changed_jobs.add(job)
                changed = True
        return "created" if created else "updated" if changed else "unchanged"

    def _write(self) -> None:
        now = timezone.now()
        new = [record for record in self.records if record.id is None]
        if new:
            self._insert(new, now)
        changed = [r for r in self.records if r.original is not None and r.values != r.original]
        renamed = [*new, *(r for r in changed
                           if r.values["name_search"] != (r.original or {})["name_search"])]
        if renamed:  # the names' skeletons across scripts (see transliteration.name_keys)
            _execute(f"""
                UPDATE {Customer._meta.db_table} AS c
                SET name_keys = COALESCE(string_to_array(v.keys, ' '), '{{}}')
                FROM unnest(%s::bigint[], %s::text[]) AS v(id, keys) WHERE c.id = v.id""",
                [[r.id for r in renamed], [" ".join(name_keys(" ".join(filter(None, [
                    r.values["first_name"], r.values["last_name"],
                    r.values["company_name"]])))) or None for r in renamed]])
        if changed:
            _execute(f"""
                UPDATE {Customer._meta.db_table} AS c SET
                    roles = COALESCE(string_to_array(v.roles, ';'), '{{}}'),
                    first_name = v.first_name, last_name = v.last_name,
                    company_name = v.company_name, birth_date = v.birth_date,
                    immatriculation = v.immatriculation, cin = v.cin,
                    preferred_language = v.preferred_language, agency_id = v.agency_id,
                    name_search = v.name_search, updated_at = %s
                FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::text[], %s::text[],
                            %s::date[], %s::text[], %s::text[], %s::text[], %s::bigint[],
                            %s::text[])
                    AS v(id, roles, first_name, last_name, company_name, birth_date,
                         immatriculation, cin, preferred_language, agency_id, name_search)
                WHERE c.id = v.id""",
                [now, [r.id for r in changed], *_columns(changed, (
                    "roles", "first_name", "last_name", "company_name", "birth_date",
                    "immatriculation", "cin", "preferred_language", "agency_id",
                    "name_search"))])
        points = [(r.id, kind, value, primary)
                  for r in self.records for kind, value, primary in r.new_contacts]
        if points:
            _execute(f"""
                INSERT INTO {ContactPoint._meta.db_table}
                    (customer_id, kind, value, is_primary, created_at)
                SELECT *, %s FROM unnest(%s::bigint[], %s::text[], %s::text[], %s::boolean[])
                ON CONFLICT (customer_id, kind, value) DO NOTHING""",
                [now, *map(list, zip(*points, strict=True))])
        periods = [(r.id, employer.id, start, r.jobs[(employer, start)])
                   for r in self.records for employer, start in r.changed_jobs]
        if periods:
            table = Employment._meta.db_table
            _execute(f"""
                INSERT INTO {table} (person_id, employer_id, start_date, end_date)
                SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::date[], %s::date[])
                ON CONFLICT (person_id, employer_id, start_date) DO UPDATE
                    SET end_date = EXCLUDED.end_date
                    WHERE {table}.end_date IS DISTINCT FROM EXCLUDED.end_date""",
                [*map(list, zip(*periods, strict=True))])

    def _insert(self, new: list[_Record], now: Any) -> None:
        names = ("kind", "roles", "first_name", "last_name", "company_name", "birth_date",
                 "immatriculation", "affiliation_number", "cin", "preferred_language",
                 "agency_id", "name_search")
        columns = ", ".join(names)
        with connection.cursor() as cursor:
            cursor.execute(f"""
                INSERT INTO {Customer._meta.db_table}
                    ({columns}, to_identify, created_at, updated_at)
                SELECT kind, COALESCE(string_to_array(roles, ';'), '{{}}'), first_name,
                       last_name, company_name, birth_date, immatriculation,
                       affiliation_number, cin, preferred_language, agency_id, name_search,
                       false, %s, %s
                FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[],
                            %s::date[], %s::text[], %s::text[], %s::text[], %s::text[],
                            %s::bigint[], %s::text[]) AS v({columns})
                RETURNING id, immatriculation, cin, affiliation_number""",
                [now, now, *_columns(new, names)])
            created = {_key(number, cin, affiliation): pk
                       for pk, number, cin, affiliation in cursor.fetchall()}
        for record in new:
            record.id = created[_key(record.values["immatriculation"], record.values["cin"],
                                     record.values["affiliation_number"])]


def _key(number: str | None, cin: str | None, affiliation: str | None) -> tuple[str, str]:
    """What identifies a new record: every new record has one, unique within its batch."""
    if affiliation:
        return ("affiliation_number", affiliation)
    return ("immatriculation", number) if number else ("cin", cin or "")


def _columns(records: list[_Record], names: tuple[str, ...]) -> list[list[Any]]:
    """Values of the records as one array per column, for unnest(); roles as `a;b`."""
    return [[";".join(r.values[name]) if name == "roles" else r.values[name] for r in records]
            for name in names]


def _execute(sql: str, params: list[Any]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _query(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
