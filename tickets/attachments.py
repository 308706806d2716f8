"""Files attached to a complaint (a payslip, a certificate, a photo of a letter).

The type is read from the file's first bytes, never from the browser's header or the name's
extension; the file is stored through Django's storage under a random name, and recorded in
the complaint's history (internal).
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from contactcenter.customers.text import clean_text
from contactcenter.i18n import system_text
from contactcenter.org.models import Agent
from tickets import notices, permissions, system_texts
from tickets.models import Attachment, Ticket, TicketEvent

NAME_MAX_LENGTH = 120
_UNSAFE = re.compile(r"[^\w\s().,'&+-]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class FileType:
    content_type: str
    label: str
    signature: bytes
    extensions: tuple[str, ...]  # the first one is given to names without a matching one


FILE_TYPES = (
    FileType("application/pdf", "PDF", b"%PDF", (".pdf",)),
    FileType("image/png", "PNG", b"\x89PNG\r\n\x1a\n", (".png",)),
    FileType("image/jpeg", "JPEG", b"\xff\xd8\xff", (".jpg", ".jpeg")),
)


def sniff(head: bytes) -> FileType | None:
    """The known type whose signature starts these bytes, if any."""
    return next((kind for kind in FILE_TYPES if head.startswith(kind.signature)), None)


def clean_name(raw: str, kind: FileType) -> str:
    """A display name safe anywhere: no folders, no control or shell characters, an
    extension that matches the content, at most NAME_MAX_LENGTH characters."""
    base = clean_text(raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    stem = _SPACES.sub(" ", _UNSAFE.sub("", stem)).strip(" .-")
    extension = f".{extension.lower()}"
    if extension not in kind.extensions:
        extension = kind.extensions[0]
    stem = stem[:NAME_MAX_LENGTH - len(extension)].rstrip(" .-") or _("attachment")
    return stem + extension


def _allowed_types() -> list[FileType]:
    return [kind for kind in FILE_TYPES if kind.content_type in settings.ATTACHMENT_TYPES]


def _either(labels: list[str]) -> str:
    if len(labels) < 2:
        return "".join(labels)
    return _("%(some)s or %(last)s") % {"some": ", ".join(labels[:-1]), "last": labels[-1]}


def _check(uploaded_file: UploadedFile) -> tuple[FileType, str]:
    """The file's real type and its cleaned name, or ValidationError naming the problem."""
    shown = clean_text(uploaded_file.name or "")[:80] or _("The file")
    size = uploaded_file.size or 0
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": shown}, code="empty")
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s): the limit is %(limit)s.")
            % {"name": shown, "size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large")
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    kind = sniff(head)
    allowed = _allowed_types()
    if kind is None or kind not in allowed:
        raise ValidationError(
            _("“%(name)s” is not a %(types)s file (its content was checked, not its name).")
            % {"name": shown, "types": _either([k.label for k in allowed])},
            code="file_type")
    return kind, clean_name(uploaded_file.name or "", kind)


@transaction.atomic
def add_attachment(*, ticket: Ticket, by: Agent | None, uploaded_file: UploadedFile,
                   now: datetime | None = None) -> Attachment:
    """Store the file and record it on the complaint (an internal event). Raises
    PermissionDenied, ValidationError (empty, too large, not an accepted type): then
    nothing is saved, in the database or in storage."""
    now = now or timezone.now()
    permissions.require(by, "attach", ticket)
    kind, name = _check(uploaded_file)
    event = TicketEvent.objects.create(
        ticket=ticket, kind=TicketEvent.Kind.ATTACHMENT, at=now, actor=by,
        actor_label="" if by else system_text(system_texts.SYSTEM), action="attach", note=name,
        visibility=TicketEvent.Visibility.INTERNAL)
    attachment = Attachment(ticket=ticket, event=event, name=name,
                            content_type=kind.content_type,
                            size=uploaded_file.size)  # type: ignore[misc]  # checked by _check
    # A random stored name: the customer's file name never reaches the file system.
    attachment.file.save(uuid.uuid4().hex + kind.extensions[0], uploaded_file, save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    notices.ticket_changed(ticket.pk, ticket.reference, by=by, action="attach")
    return attachment
