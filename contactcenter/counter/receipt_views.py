"""The receipt handed to a visitor whose complaint was recorded at the counter
(`/counter/receipt/<reference>/`): one sheet, in French and in Arabic whatever the page's
language, printed on A5 or A4."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from contactcenter.audit import services as audit
from contactcenter.counter import receipts
from contactcenter.counter.complaint_services import may_record
from contactcenter.org.decorators import AgentRequest, agent_required
from tickets import selectors as ticket_selectors

PAPERS = ("a5", "a4")
# Both languages on every sheet, French first (read left to right, then the Arabic column).
LANGUAGES = (("fr", "ltr"), ("ar", "rtl"))


@agent_required
def receipt(request: AgentRequest, reference: str) -> HttpResponse:
    """The printable receipt, for staff who may see the complaint (the same 404 as for no
    complaint otherwise); each showing is on the personal-data access log."""
    agent = request.agent
    ticket = ticket_selectors.get_ticket_for_agent(agent=agent, reference=reference)
    audit.record_access(request=request, channel=audit.Channel.DESK, kind=audit.Kind.COMPLAINT,
                        object_id=ticket.pk, label=ticket.reference,
                        customer_id=ticket.customer_id, detail="counter receipt", agent=agent)
    customer = ticket.customer
    follow = receipts.follow_up(request)
    paper = request.GET.get("paper", "")
    titles = []
    for language, _direction in LANGUAGES:
        with translation.override(language):
            titles.append(_("The status page: %(url)s") % {"url": follow.status_url})
    return render(request, "counter/receipt_sheet.html", {
        "ticket": ticket,
        # A provisional record may have no name yet: then none is printed.
        "customer_name": " ".join(filter(None, [customer.first_name, customer.last_name,
                                                customer.company_name])),
        "follow": follow,
        "sms_text": follow.sms_text(ticket.reference),
        "qr": receipts.qr_svg(follow.status_url, title=" / ".join(titles)),
        "paper": paper if paper in PAPERS else PAPERS[0],
        "languages": LANGUAGES,
        "may_record": may_record(agent),
    })
