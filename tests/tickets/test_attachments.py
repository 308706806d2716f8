"""Attaching a file to a complaint: accepted for what it is, not for what it claims to be;
refused with the reason, leaving nothing behind in the database or in storage."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from tests import factories
from tickets import attachments, services
from tickets.attachments import add_attachment
from tickets.models import Attachment, Ticket, TicketEvent

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 40


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """The messages are checked word for word, whatever language an earlier test left."""
    with translation.override("en"):
        yield


@pytest.fixture
def ticket(customer, handler, category) -> Ticket:
    return services.open_complaint(customer=customer, channel="counter", by=handler,
                                   description="Attestation de salaire refusée",
                                   category=category)


def upload(name: str, content: bytes, claimed: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=claimed)


def stored(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def assert_nothing_saved(ticket: Ticket, media: Path) -> None:
    assert not Attachment.objects.exists()
    assert not ticket.events.filter(kind=TicketEvent.Kind.ATTACHMENT).exists()
    assert stored(media) == []


def test_a_pdf_is_stored_and_recorded_in_the_history(ticket, handler, media) -> None:
    attachment = add_attachment(ticket=ticket, by=handler,
                                uploaded_file=upload("Relevé de carrière.pdf", PDF))

    assert (attachment.name, attachment.content_type, attachment.size) == (
        "Relevé de carrière.pdf", "application/pdf", len(PDF))
    (path,) = stored(media)
    assert path.read_bytes() == PDF
    assert path.relative_to(media).parts[0] == "attachments"
    assert attachment.file.name == path.relative_to(media).as_posix()
    assert "Relev" not in attachment.file.name  # stored under a random name
    event = attachment.event
    assert (event.kind, event.visibility, event.actor) == ("attachment", "internal", handler)
    assert event.note == "Relevé de carrière.pdf" and event.ticket == ticket
    assert list(ticket.attachments.all()) == [attachment]


@pytest.mark.parametrize("name,content,claimed,kind,shown", [
    ("photo.pdf", PNG, "application/pdf", "image/png", "photo.png"),
    ("courrier.jpeg", JPEG, "image/png", "image/jpeg", "courrier.jpeg"),
    ("scan", JPEG, "application/octet-stream", "image/jpeg", "scan.jpg"),
    ("bulletin.PDF", PDF, "text/plain", "application/pdf", "bulletin.pdf"),
])
def test_the_type_comes_from_the_content_not_the_browser_or_the_name(
        ticket, handler, name, content, claimed, kind, shown) -> None:
    attachment = add_attachment(ticket=ticket, by=handler,
                                uploaded_file=upload(name, content, claimed))
    assert (attachment.content_type, attachment.name) == (kind, shown)


@pytest.mark.parametrize("name,content", [
    ("releve.pdf", EXE),
    ("facture.pdf", b"<html><script>alert(1)</script></html>"),
    ("photo.png", b"GIF89a\x01\x00\x01\x00"),
    ("notes.pdf", b"Just some text that claims to be a PDF"),
    ("truncated.png", PNG[:4]),
])
def test_a_file_that_is_not_pdf_png_or_jpeg_is_refused_whatever_its_name(
        ticket, handler, media, name, content) -> None:
    with pytest.raises(ValidationError) as refusal:
        add_attachment(ticket=ticket, by=handler, uploaded_file=upload(name, content))
    assert refusal.value.code == "file_type"
    assert refusal.value.message == (
        f"“{name}” is not a PDF, PNG or JPEG file (its content was checked, not its name).")
    assert_nothing_saved(ticket, media)


def test_a_type_left_out_of_the_settings_is_refused(ticket, handler, media, settings) -> None:
    settings.ATTACHMENT_TYPES = ["application/pdf"]
    with pytest.raises(ValidationError, match="is not a PDF file"):
        add_attachment(ticket=ticket, by=handler, uploaded_file=upload("a.png", PNG))
    assert_nothing_saved(ticket, media)


def test_the_size_limit_is_inclusive(ticket, handler, media, settings) -> None:
    settings.ATTACHMENT_MAX_BYTES = 2048
    with pytest.raises(ValidationError) as refusal:
        add_attachment(ticket=ticket, by=handler,
                       uploaded_file=upload("gros.pdf", PDF.ljust(2049, b" ")))
    assert refusal.value.code == "too_large"
    assert "“gros.pdf” is too large" in refusal.value.message
    assert "the limit is 2" in refusal.value.message  # "2.0 KB", localised
    assert_nothing_saved(ticket, media)

    attachment = add_attachment(ticket=ticket, by=handler,
                                uploaded_file=upload("juste.pdf", PDF.ljust(2048, b" ")))
    assert attachment.size == 2048


def test_an_empty_file_is_refused(ticket, handler, media) -> None:
    with pytest.raises(ValidationError, match="“vide.pdf” is empty"):
        add_attachment(ticket=ticket, by=handler, uploaded_file=upload("vide.pdf", b""))
    assert_nothing_saved(ticket, media)


def test_roles_that_may_not_attach_are_refused(ticket, region_a, media) -> None:
    manager = factories.AgentFactory(role="regional_manager", agency=None, region=region_a)
    with pytest.raises(PermissionDenied):
        add_attachment(ticket=ticket, by=manager, uploaded_file=upload("a.pdf", PDF))
    assert_nothing_saved(ticket, media)


def test_a_failure_after_storing_removes_the_file(ticket, handler, media, monkeypatch) -> None:
    def broken_save(self: Attachment, *args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(Attachment, "save", broken_save)
    with pytest.raises(RuntimeError):
        add_attachment(ticket=ticket, by=handler, uploaded_file=upload("a.pdf", PDF))
    assert_nothing_saved(ticket, media)


@pytest.mark.parametrize("raw,clean", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("C:\\Users\\amina\\Bulletin de paie.pdf", "Bulletin de paie.pdf"),
    ("شهادة العمل.pdf", "شهادة العمل.pdf"),
    ("a\x00b\x1fc.pdf", "abc.pdf"),
    ("rm -rf $(HOME); `x` <b>.pdf", "rm -rf (HOME) x b.pdf"),
    (".hidden.pdf", "hidden.pdf"),
    ("...pdf", "attachment.pdf"),
    ("", "attachment.pdf"),
    ("archive.tar.gz", "archive.tar.pdf"),
    ("  espaces   multiples  .pdf", "espaces multiples.pdf"),
])
def test_names_are_cleaned(raw, clean) -> None:
    assert attachments.clean_name(raw, attachments.FILE_TYPES[0]) == clean


def test_a_long_name_is_shortened_and_keeps_its_extension() -> None:
    name = attachments.clean_name("x" * 500 + ".pdf", attachments.FILE_TYPES[0])
    assert len(name) == attachments.NAME_MAX_LENGTH and name.endswith("x.pdf")
