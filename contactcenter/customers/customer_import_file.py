"""Reading and checking the lines of a customer import file, without the database.

The format is described in contactcenter.customers.customer_import.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from contactcenter.customers.identifiers import IDENTIFIER_FIELDS, validate_identifier
from contactcenter.customers.models import ContactPoint, Customer, Language
from contactcenter.customers.services import normalize_contact
from contactcenter.customers.text import clean_text

COLUMNS = (
    "kind", "immatriculation", "cin", "first_name", "last_name", "birth_date", "roles",
    "affiliation_number", "company_name", "mobile", "email", "preferred_language",
    "agency_code", "employer_affiliation_number", "employment_start", "employment_end",
)
ROLES = tuple(Customer.Role.values)
_ONLY_FOR: dict[str, tuple[str, ...]] = {
    Customer.Kind.PERSON: ("immatriculation", "cin", "first_name", "last_name", "birth_date",
                           "roles", "employer_affiliation_number", "employment_start",
                           "employment_end"),
    Customer.Kind.EMPLOYER: ("affiliation_number", "company_name"),
}
_MAX_LENGTHS: dict[str, int] = {
    **{name: Customer._meta.get_field(name).max_length  # type: ignore[union-attr,misc]  # CharFields
       for name in ("first_name", "last_name", "company_name")},
    "email": ContactPoint._meta.get_field("value").max_length}  # type: ignore[dict-item]  # a CharField
_KINDS = frozenset(Customer.Kind.values)
_LANGUAGES = frozenset(Language.values)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_OLDEST_BIRTH = date(1900, 1, 1)


class ImportFileError(Exception):
    """The file cannot be imported at all (unreadable, no header, unknown columns)."""


@dataclass(frozen=True)
class Rejection:
    line: int
    field: str
    reason: str


@dataclass
class Line:
    """A line whose values are all valid, normalised to their stored form. `values` holds
    the customer fields the line gives (an empty cell is absent)."""

    number: int
    kind: str
    values: dict[str, Any]
    roles: list[str]
    contacts: list[tuple[str, str]]
    employer: str | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class Known:
    """What checking a line needs to know besides the line."""

    agencies: dict[str, int]
    today: date


@dataclass
class Chunk:
    """Consecutive lines of the file: the valid ones, and the reasons to reject the others."""

    size: int = 0
    lines: list[Line] = field(default_factory=list)
    rejected: list[list[Rejection]] = field(default_factory=list)


def read_chunks(path: Path, *, known: Known, size: int) -> Iterator[Chunk]:
    """The lines of the file, checked, by chunks of `size` lines. Raises ImportFileError."""
    chunk = Chunk()
    for number, cells in _read(path):
        chunk.size += 1
        checked = check_line(number, cells, known) if isinstance(cells, dict) else [cells]
        if isinstance(checked, Line):
            chunk.lines.append(checked)
        else:
            chunk.rejected.append(checked)
        if chunk.size >= size:
            yield chunk
            chunk = Chunk()
    if chunk.size:
        yield chunk


def _read(path: Path) -> Iterator[tuple[int, dict[str, str] | Rejection]]:
    """Each non-empty line with its number (where a quoted value spans lines, the first),
    as values by column, or as a rejection when it has more values than the header."""
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as file:
            reader = csv.reader(file)
            header = [name.strip().lower() for name in next(reader, [])]
            _check_header(header)
            line = reader.line_num + 1
            for cells in reader:
                start, line = line, reader.line_num + 1
                if not any(cell.strip() for cell in cells):
                    continue
                if any(cell.strip() for cell in cells[len(header):]):
                    yield start, Rejection(start, "", _(
                        "%(count)d values for %(columns)d columns.")
                        % {"count": len(cells), "columns": len(header)})
                    continue
                yield start, {name: value for name, value in zip(header, cells, strict=False)
                              if name}
    except OSError as exc:
        raise ImportFileError(_("Cannot read %(path)s: %(error)s")
                              % {"path": path, "error": exc.strerror or exc}) from exc
    except csv.Error as exc:
        raise ImportFileError(_("Line %(line)d is not valid CSV: %(error)s")
                              % {"line": reader.line_num, "error": exc}) from exc


def _check_header(header: list[str]) -> None:
    if not header or "kind" not in header:
        raise ImportFileError(_("The first line must name the columns, among them `kind`."))
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        raise ImportFileError(_("Unknown columns: %(unknown)s. Known columns: %(known)s.")
                              % {"unknown": ", ".join(unknown), "known": ", ".join(COLUMNS)})
    repeated = sorted({name for name in header if name and header.count(name) > 1})
    if repeated:
        raise ImportFileError(_("Repeated columns: %(names)s.") % {"names": ", ".join(repeated)})


def check_line(number: int, cells: dict[str, str], known: Known) -> Line | list[Rejection]:
    """The line's values checked and normalised, or every reason to reject it."""
    errors: list[Rejection] = []

    def refuse(name: str, reason: str) -> None:
        errors.append(Rejection(number, name, reason))

    given = {name: _clean(value) for name, value in cells.items() if value and not value.isspace()}
    for name, value in given.items():
        if "\ufffd" in value:
            refuse(name, _("This value is not valid UTF-8 text."))
    kind = given.get("kind", "").lower()
    if kind not in _KINDS:
        refuse("kind", _("The kind must be “person” or “employer”, not “%(value)s”.")
               % {"value": given.get("kind", "")})
    if errors:
        return errors
    other = Customer.Kind.EMPLOYER if kind == Customer.Kind.PERSON else Customer.Kind.PERSON
    for name in _ONLY_FOR[other]:
        if name in given:
            refuse(name, _("This column is only for the kind “%(kind)s”.")
                   % {"kind": other.value})

    values: dict[str, Any] = {}
    for name in IDENTIFIER_FIELDS:
        if name in given and name in _ONLY_FOR[kind]:
            try:
                values[name] = validate_identifier(name, given[name])
            except ValidationError as exc:
                refuse(name, " ".join(exc.message_dict[name]))
    for name in ("first_name", "last_name", "company_name"):
        if name in given and name in _ONLY_FOR[kind]:
            values[name] = " ".join(given[name].split())
    for name, limit in _MAX_LENGTHS.items():
        if len(given.get(name, "")) > limit:
            refuse(name, _("At most %(limit)d characters.") % {"limit": limit})
    if "birth_date" in given and kind == Customer.Kind.PERSON:
        born = _date(given["birth_date"], "birth_date", refuse)
        if born and not _OLDEST_BIRTH <= born <= known.today:
            refuse("birth_date", _("%(value)s is not a plausible date of birth.")
                   % {"value": given["birth_date"]})
        values["birth_date"] = born
    roles = [part.strip().lower() for part in given.get("roles", "").split(";") if part.strip()]
    for role in roles:
        if role not in ROLES:
            refuse("roles", _("Unknown role “%(role)s” (known: %(known)s).")
                   % {"role": role, "known": ", ".join(ROLES)})
    if "preferred_language" in given:
        language = given["preferred_language"].lower()
        if language in _LANGUAGES:
            values["preferred_language"] = language
        else:
            refuse("preferred_language", _("The language must be “fr” or “ar”, not “%(value)s”.")
                   % {"value": given["preferred_language"]})
    if "agency_code" in given:
        values["agency_id"] = known.agencies.get(given["agency_code"])
        if values["agency_id"] is None:
            refuse("agency_code", _("No agency has the code “%(code)s”.")
                   % {"code": given["agency_code"]})
    contacts = []
    for name in ("mobile", "email"):
        if name in given:
            try:
                contacts.append((name, normalize_contact(name, given[name])))
            except ValidationError as exc:
                refuse(name, " ".join(exc.messages))

    row = Line(number=number, kind=kind, values=values, roles=roles, contacts=contacts)
    if kind == Customer.Kind.PERSON:
        _check_employment(row, given, refuse)
        if "immatriculation" not in given and "cin" not in given:
            refuse("immatriculation", _("A person needs an immatriculation number or a CIN."))
    elif "affiliation_number" not in given:
        refuse("affiliation_number", _("An employer needs an affiliation number."))
    return errors or row


def _check_employment(row: Line, given: dict[str, str],
                      refuse: Callable[[str, str], None]) -> None:
    if "employer_affiliation_number" in given:
        try:
            row.employer = validate_identifier("affiliation_number",
                                               given["employer_affiliation_number"])
        except ValidationError as exc:
            refuse("employer_affiliation_number",
                   " ".join(exc.message_dict["affiliation_number"]))
        if "employment_start" not in given:
            refuse("employment_start", _("An employment period needs a start date."))
    elif "employment_start" in given or "employment_end" in given:
        refuse("employer_affiliation_number", _("An employment period needs an employer."))
    if "employment_start" in given:
        row.start = _date(given["employment_start"], "employment_start", refuse)
    if "employment_end" in given:
        row.end = _date(given["employment_end"], "employment_end", refuse)
        if row.start and row.end and row.end < row.start:
            refuse("employment_end", _("An employment period cannot end before it starts."))


def _clean(value: str) -> str:
    """clean_text(), without its character-by-character scan for plain ASCII."""
    if value.isascii() and value.isprintable():
        return value.strip()
    return clean_text(value)


def _date(value: str, name: str, refuse: Callable[[str, str], None]) -> date | None:
    try:
        if _ISO_DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    refuse(name, _("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": value})
    return None
