"""What a counter receipt prints besides the complaint: the status page's public address, its
QR code, and the numbers to follow the complaint by SMS and by phone."""

from __future__ import annotations

from dataclasses import dataclass

import segno
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from contactcenter import public_address


def status_page_url(request: HttpRequest | None = None) -> str:
    """The status page's absolute address: under settings.PUBLIC_BASE_URL when set (the
    page may be printed behind a proxy or on the agency's network), else the address the
    request came on."""
    return public_address.absolute(reverse("selfservice:start"), request)


def qr_svg(url: str, *, title: str = "") -> SafeString:
    """The QR code of `url` as an inline SVG, sized by the stylesheet (a viewBox, no
    width, height or style attribute: the Content-Security-Policy forbids inline styles).
    Error correction M: a receipt folded or a little smudged still reads."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=2, omitsize=True, svgclass="receipt-qr",
                          lineclass="receipt-qr-line", title=title or None)
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308 (segno's markup, which escapes the title)


@dataclass(frozen=True)
class FollowUp:
    """How the customer follows the complaint outside the agency."""

    sms_keyword: str
    sms_number: str
    phone: str
    status_url: str

    def sms_text(self, reference: str) -> str:
        """The SMS to send: the status keyword and the reference."""
        return f"{self.sms_keyword} {reference}"


def follow_up(request: HttpRequest | None = None) -> FollowUp:
    return FollowUp(sms_keyword=settings.SMS_STATUS_KEYWORD,
                    sms_number=settings.SMS_SERVICE_NUMBER,
                    phone=settings.CALL_CENTRE_PHONE,
                    status_url=status_page_url(request))
