"""The tickets app's models: complaints (complaints.py), what goes out about them
(messages.py) and the customers' satisfaction answers (surveys.py)."""

from tickets.models.complaints import (
    FINAL_STATES,
    OPEN_STATES,
    Attachment,
    Category,
    State,
    Ticket,
    TicketEvent,
)
from tickets.models.messages import NOT_SENT_REASONS, OutboxMessage, SmsTemplate
from tickets.models.surveys import SurveyAnswer

__all__ = ["FINAL_STATES", "NOT_SENT_REASONS", "OPEN_STATES", "Attachment", "Category",
           "OutboxMessage", "SmsTemplate", "State", "SurveyAnswer", "Ticket", "TicketEvent"]
