"""API views: a selector to read (404 outside the agent's scope), a serializer to check the
input, one service call to write. See contactcenter/api/errors.py for the status codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.utils.urls import replace_query_param

from contactcenter.api import serializers as s
from contactcenter.api.errors import handle_exception
from contactcenter.api.permissions import IsAgent
from contactcenter.audit import services as audit
from contactcenter.customers import record_services
from contactcenter.customers import selectors as customer_selectors
from contactcenter.customers.exceptions import PossibleDuplicates
from contactcenter.customers.models import ContactPoint, Customer
from contactcenter.customers.permissions import can_keep_records
from contactcenter.org.models import Agent
from contactcenter.org.selectors import request_agent
from tickets import customer_scope, services, timeline
from tickets.exceptions import ConcurrentEdit
from tickets.filters import TicketFilter
from tickets.models import Ticket
from tickets.references import normalize_reference
from tickets.selectors import (
    get_ticket_for_agent,
    history_of,
    no_complaints,
    tickets_for_agent,
)

ERRORS = {
    # Any request: a control character in its path or query string is refused first.
    400: OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid input, by field."),
    403: OpenApiResponse(s.ErrorSerializer, description="The role does not allow it."),
    404: OpenApiResponse(s.ErrorSerializer,
                         description="No such record, or not in the agent's scope."),
}
BAD_CURSOR = OpenApiResponse(s.ErrorSerializer,
                             description="The `cursor` is not one this list gave.")
ACTION_ERRORS = {
    **ERRORS,
    409: OpenApiResponse(s.ConflictSerializer,
                         description="The complaint changed since `version` was read."),
    422: OpenApiResponse(s.ErrorSerializer,
                         description="The workflow refused the action; `detail` says why."),
}


if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView

    _AgentAPIViewBase = GenericAPIView
else:
    _AgentAPIViewBase = object


class AgentAPIView(_AgentAPIViewBase):
    """Signed-in agents only, with the API's mapping of domain exceptions (mixed into the
    views; a GenericAPIView for type checking only)."""

    permission_classes = [IsAuthenticated, IsAgent]

    def get_exception_handler(self) -> Callable[..., Response | None]:
        return handle_exception

    @property
    def agent(self) -> Agent:
        agent = request_agent(self.request)
        assert agent is not None  # checked by IsAgent
        return agent

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(),
                "agent": request_agent(self.request)}


# --- Customers -------------------------------------------------------------------------------

def _contact_points() -> Prefetch:
    return Prefetch("contact_points",
                    queryset=customer_selectors.ordered_contact_points())


class CustomerPagination(CursorPagination):
    ordering = "id"
    page_size = 20


@extend_schema(tags=["customers"])
class CustomerViewSet(AgentAPIView, viewsets.GenericViewSet):
    """Customer records the agent may see: those of their agency, region or queues, or all
    for headquarters, the call centre and administrators. Others answer 404."""

    serializer_class = s.CustomerSerializer
    pagination_class = CustomerPagination
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> QuerySet[Customer]:
        if getattr(self, "swagger_fake_view", False):
            return customer_selectors.all_customers().none()
        return (customer_scope.customers_for_agent(self.agent).select_related("agency")
                .prefetch_related(_contact_points()))

    @extend_schema(summary="Look a customer up by identifier or phone",
                   parameters=[s.CustomerLookupSerializer],
                   responses={200: s.CustomerSerializer(many=True), 400: ERRORS[400],
                              404: BAD_CURSOR})
    def list(self, request: Request) -> Response:
        lookup = s.CustomerLookupSerializer(data=request.query_params)
        lookup.is_valid(raise_exception=True)
        if "phone" in lookup.validated_data:
            matching = customer_selectors.customers_with_phone(lookup.validated_data["phone"])
        else:
            matching = customer_selectors.customers_matching(
                lookup.validated_data["identifier"])
        customers = self.get_queryset().filter(pk__in=matching.values("pk"))
        page = self.paginate_queryset(customers)
        if page:  # records shown: logged with their count, never the number or identifier
            audit.record_access(request=request, channel=audit.Channel.API,
                                kind=audit.Kind.CUSTOMER, action=audit.Action.SEARCH,
                                detail=f"{len(page)} found", agent=self.agent)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(summary="A customer's record", responses={
        200: s.CustomerSerializer, 400: ERRORS[400], 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: str) -> Response:
        customer = self._customer(pk)
        audit.record_access(request=request, channel=audit.Channel.API, kind=audit.Kind.CUSTOMER,
                            object_id=customer.pk, customer_id=customer.pk, agent=self.agent)
        prefetch_related_objects([customer], _contact_points())
        return Response(self.get_serializer(customer).data)

    @extend_schema(summary="The customer's 360 timeline, newest first",
                   parameters=[OpenApiParameter("cursor", str, description=(
                       "The position to continue from, as given in `next`."))],
                   responses={200: s.TimelinePageSerializer, 400: ERRORS[400],
                              404: ERRORS[404]})
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def timeline(self, request: Request, pk: str) -> Response:
        customer = self._customer(pk)
        audit.record_access(request=request, channel=audit.Channel.API, kind=audit.Kind.CUSTOMER,
                            object_id=customer.pk, customer_id=customer.pk, detail="timeline",
                            agent=self.agent)
        page = timeline.customer_timeline(
            customer=customer, cursor=request.query_params.get("cursor") or None,
            limit=settings.CUSTOMER_TIMELINE_PAGE_SIZE)
        next_url = (replace_query_param(request.build_absolute_uri(), "cursor",
                                        page.next_cursor) if page.next_cursor else None)
        entries = s.TimelineEntrySerializer(page.entries, many=True,
                                            context=self.get_serializer_context()).data
        return Response({"next": next_url, "results": entries})

    def _customer(self, pk: str) -> Customer:
        return customer_scope.get_customer_for_agent(agent=self.agent, pk=int(pk))

    @extend_schema(summary="Create a customer record (a person or an employer)",
                   request=s.CustomerCreateSerializer,
                   responses={201: s.CustomerSerializer, 400: ERRORS[400], 403: ERRORS[403],
                              409: OpenApiResponse(s.DuplicatesSerializer, description=(
                                  "Records that may be this one: the same identifier, "
                                  "phone or a close name (in either script). Send again "
                                  "with `confirm_duplicate: true` unless `blocking`."))})
    def create(self, request: Request) -> Response:
        self._require_keeper()
        data = s.CustomerCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            customer = record_services.register_customer(
                by=self.agent, agency=self.agent.agency, **data.validated_data)
        except PossibleDuplicates as duplicates:
            # Records outside the agent's scope are counted, never shown.
            seen = set(self.get_queryset().filter(pk__in=[
                c.customer.pk for c in duplicates.candidates]).values_list("pk", flat=True))
            shown = [c for c in duplicates.candidates if c.customer.pk in seen]
            return Response({
                "detail": _("Records that may be this customer exist."),
                "blocking": duplicates.blocking,
                "candidates": s.DuplicateCandidateSerializer(shown, many=True).data,
                "hidden_candidates": len(duplicates.candidates) - len(shown),
            }, status=status.HTTP_409_CONFLICT)
        prefetch_related_objects([customer], _contact_points())
        return Response(self.get_serializer(customer).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Add a phone, an e-mail or a postal address to a record",
                   request=s.ContactPointInputSerializer,
                   responses={201: s.ContactPointSerializer, 400: ERRORS[400],
                              403: ERRORS[403], 404: ERRORS[404]})
    @action(detail=True, methods=["post"], url_path="contacts", pagination_class=None,
            filter_backends=[])
    def add_contact(self, request: Request, pk: str) -> Response:
        self._require_keeper()
        customer = self._customer(pk)
        data = s.ContactPointInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        point = record_services.add_contact(customer=customer, by=self.agent,
                                              **data.validated_data)
        return Response(s.ContactPointSerializer(point).data,
                        status=status.HTTP_201_CREATED)

    @extend_schema(summary="Correct a contact point, or make a mobile the main one",
                   request=s.ContactPointChangeSerializer, methods=["PATCH"],
                   responses={200: s.ContactPointSerializer, 400: ERRORS[400],
                              403: ERRORS[403], 404: ERRORS[404]})
    @extend_schema(summary="Retire a contact point (kept on the history, no longer used)",
                   methods=["DELETE"], request=None,
                   responses={200: s.ContactPointSerializer, 400: ERRORS[400],
                              403: ERRORS[403], 404: ERRORS[404]})
    @action(detail=True, methods=["patch", "delete"],
            url_path=r"contacts/(?P<contact_id>[0-9]+)", pagination_class=None,
            filter_backends=[])
    def contact(self, request: Request, pk: str, contact_id: str) -> Response:
        point = self._contact_point(pk, contact_id)
        if request.method == "DELETE":
            point = record_services.retire_contact(point=point, by=self.agent)
            return Response(s.ContactPointSerializer(point).data)
        data = s.ContactPointChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with transaction.atomic():  # both or neither
            if "value" in data.validated_data:
                point = record_services.correct_contact(
                    point=point, value=data.validated_data["value"], by=self.agent)
            if data.validated_data.get("main"):
                point = record_services.set_main_mobile(point=point, by=self.agent)
        return Response(s.ContactPointSerializer(point).data)

    @extend_schema(summary="Retire a contact point (kept on the history, no longer used)",
                   request=None,
                   responses={200: s.ContactPointSerializer, 400: ERRORS[400],
                              403: ERRORS[403], 404: ERRORS[404]})
    @action(detail=True, methods=["post"], url_path=r"contacts/(?P<contact_id>[0-9]+)/retire",
            pagination_class=None, filter_backends=[])
    def retire_contact(self, request: Request, pk: str, contact_id: str) -> Response:
        point = record_services.retire_contact(point=self._contact_point(pk, contact_id),
                                                 by=self.agent)
        return Response(s.ContactPointSerializer(point).data)

    def _require_keeper(self) -> None:
        """Refused before anything is read: the role decides, whatever the record."""
        if not can_keep_records(self.agent):
            raise PermissionDenied

    def _contact_point(self, pk: str, contact_id: str) -> ContactPoint:
        self._require_keeper()
        point = customer_selectors.contact_point_of(self._customer(pk), int(contact_id))
        if point is None:
            raise Http404("No such contact point.")
        return point


# --- Complaints ------------------------------------------------------------------------------

class ComplaintPagination(CursorPagination):
    ordering = "-created_at"
    page_size_query_param = "page_size"
    max_page_size = 200


def _action_schema(request: type[Serializer], summary: str) -> Callable[..., Any]:
    return extend_schema(summary=summary, request=request,
                         responses={200: s.ComplaintDetailSerializer, **ACTION_ERRORS})


@extend_schema_view(
    list=extend_schema(summary="Complaints in the agent's scope, newest first",
                       responses={200: s.ComplaintSerializer(many=True), 400: ERRORS[400],
                                  404: BAD_CURSOR}),
    create=extend_schema(summary="Open a complaint", request=s.OpenComplaintSerializer,
                         responses={201: s.ComplaintDetailSerializer, 400: ERRORS[400],
                                    403: ERRORS[403]}),
    retrieve=extend_schema(summary="A complaint with its history",
                           responses={200: s.ComplaintDetailSerializer, 400: ERRORS[400],
                                      404: ERRORS[404]}),
)
@extend_schema(tags=["complaints"])
class ComplaintViewSet(AgentAPIView, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Complaints in the agent's scope (others answer 404), changed only through the
    workflow. Actions answer the complaint as it is afterwards, or: 400 invalid input by
    field; 403 the agent's role does not allow it; 409 the complaint changed since the
    `version` sent (nothing is changed); 422 the workflow refused, `detail` says why."""

    serializer_class = s.ComplaintSerializer
    pagination_class = ComplaintPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = TicketFilter
    lookup_field = "reference"
    lookup_value_regex = r"[^/]+"

    def get_queryset(self) -> QuerySet[Ticket]:
        if getattr(self, "swagger_fake_view", False):
            return no_complaints()
        return (tickets_for_agent(self.agent)
                .select_related("category", "agency", "queue", "assignee__user",
                                "referred_to", "merged_into"))

    def create(self, request: Request) -> Response:
        form = s.OpenComplaintSerializer(data=request.data,
                                         context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        ticket = services.open_complaint(by=self.agent, **form.validated_data)
        location = self.reverse_action("detail", kwargs={"reference": ticket.reference})
        return self._answer(ticket, status=status.HTTP_201_CREATED,
                            headers={"Location": location})

    def retrieve(self, request: Request, reference: str) -> Response:
        ticket = self._ticket(reference)
        audit.record_access(request=request, channel=audit.Channel.API, kind=audit.Kind.COMPLAINT,
                            object_id=ticket.pk, label=ticket.reference,
                            customer_id=ticket.customer_id, agent=self.agent)
        return self._answer(ticket)

    # --- Transitions and messages: one service each ------------------------------------

    @_action_schema(s.TriageSerializer, "Triage: set the category and the queue")
    @action(detail=True, methods=["post"])
    def triage(self, request: Request, reference: str) -> Response:
        def triage(ticket: Ticket, data: dict[str, Any]) -> Ticket:
            s.require_fitting_category(data["category"], ticket.customer)
            return services.triage_ticket(ticket=ticket, by=self.agent, **data)
        return self._act(reference, s.TriageSerializer, triage)

    @_action_schema(s.AssignSerializer, "Assign to an agent (supervisors)")
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.AssignSerializer, lambda ticket, data: (
            services.assign_ticket(ticket=ticket, by=self.agent, agent=data["agent"])))

    @_action_schema(s.ActionSerializer, "Take it (an agent of its queue)")
    @action(detail=True, methods=["post"])
    def take(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.ActionSerializer, lambda ticket, data: (
            services.assign_ticket(ticket=ticket, by=self.agent, agent=self.agent)))

    @_action_schema(s.ActionSerializer, "Start working on it")
    @action(detail=True, methods=["post"])
    def start(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.ActionSerializer, lambda ticket, data: (
            services.start_ticket(ticket=ticket, by=self.agent)))

    @_action_schema(s.AskCustomerSerializer, "Ask the customer for something and wait")
    @action(detail=True, methods=["post"])
    def ask_customer(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.AskCustomerSerializer, lambda ticket, data: (
            services.ask_customer(ticket=ticket, by=self.agent, request=data["request"])))

    @_action_schema(s.TextSerializer, "Record the customer's reply")
    @action(detail=True, methods=["post"])
    def receive_customer_reply(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.TextSerializer, lambda ticket, data: (
            services.record_customer_reply(ticket=ticket, by=self.agent, text=data["text"])))

    @_action_schema(s.ReferSerializer, "Refer to a headquarters direction")
    @action(detail=True, methods=["post"])
    def refer(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.ReferSerializer, lambda ticket, data: (
            services.refer_ticket(ticket=ticket, by=self.agent, **data)))

    @_action_schema(s.ReferralAnswerSerializer, "Answer a referral (the back office)")
    @action(detail=True, methods=["post"])
    def receive_referral_answer(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.ReferralAnswerSerializer, lambda ticket, data: (
            services.answer_referral(ticket=ticket, by=self.agent, answer=data["answer"])))

    @_action_schema(s.ResolveSerializer, "Resolve with an outcome and an explanation")
    @action(detail=True, methods=["post"])
    def resolve(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.ResolveSerializer, lambda ticket, data: (
            services.resolve_ticket(ticket=ticket, by=self.agent, **data)))

    @_action_schema(s.ActionSerializer, "Close a resolved complaint")
    @action(detail=True, methods=["post"])
    def close(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.ActionSerializer, lambda ticket, data: (
            services.close_ticket(ticket=ticket, by=self.agent)))

    @_action_schema(s.ReasonSerializer, "Reopen within the reopening window")
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.ReasonSerializer, lambda ticket, data: (
            services.reopen_ticket(ticket=ticket, by=self.agent, reason=data["reason"])))

    @_action_schema(s.ReasonSerializer, "Cancel")
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.ReasonSerializer, lambda ticket, data: (
            services.cancel_ticket(ticket=ticket, by=self.agent, reason=data["reason"])))

    @_action_schema(s.MergeSerializer, "Merge this duplicate into another complaint")
    @action(detail=True, methods=["post"])
    def merge_into(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.MergeSerializer, lambda ticket, data: (
            services.merge_tickets(duplicate=ticket, survivor=data["survivor"], by=self.agent)))

    @_action_schema(s.ReplySerializer, "Reply to the customer (sent by SMS)")
    @action(detail=True, methods=["post"])
    def reply(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.ReplySerializer, lambda ticket, data: (
            services.reply_to_customer(ticket=ticket, by=self.agent, text=data["text"])))

    @_action_schema(s.TextSerializer, "Add an internal note")
    @action(detail=True, methods=["post"])
    def note(self, request: Request, reference: str) -> Response:
        return self._act(reference, s.TextSerializer, lambda ticket, data: (
            services.add_note(ticket=ticket, by=self.agent, text=data["text"])))

    # --- Helpers -----------------------------------------------------------------------

    def _ticket(self, reference: str) -> Ticket:
        return get_ticket_for_agent(agent=self.agent, reference=normalize_reference(reference))

    def _act(self, reference: str, serializer_class: type[Serializer],
             call: Callable[[Ticket, dict[str, Any]], object]) -> Response:
        """Load (404), check the input (400) and the version read (409), call the service
        (which tells the pages showing the complaint)."""
        ticket = self._ticket(reference)
        form = serializer_class(data=self.request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        version = data.pop("version", None)
        if version is not None and version != ticket.version:
            raise ConcurrentEdit.for_ticket(ticket)
        call(ticket, data)
        return self._answer(ticket)

    def _answer(self, ticket: Ticket, **kwargs: Any) -> Response:
        assignee = ticket.assignee  # None without a query when there is none
        ticket.history = history_of(  # type: ignore[attr-defined]  # for the serializer
            ticket, at_hand=[self.agent, *([assignee] if assignee is not None else [])])
        return Response(s.ComplaintDetailSerializer(
            ticket, context=self.get_serializer_context()).data, **kwargs)
