from django.urls import path

from contactcenter.desk import (
    bulk_views,
    call_views,
    chat_views,
    knowledge_views,
    print_views,
    shortcut_views,
    views,
)

app_name = "desk"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", bulk_views.bulk, name="bulk"),
    path("open/<int:customer_pk>/", views.open_complaint, name="open"),
    path("next/", shortcut_views.next_ticket, name="next"),
    path("tickets/<str:reference>/", views.ticket_detail, name="ticket"),
    path("tickets/<str:reference>/print/", print_views.ticket_print, name="print"),
    path("tickets/<str:reference>/suggestions/", knowledge_views.suggested,
         name="suggestions"),
    path("tickets/<str:reference>/suggestions/<slug:slug>/use/", knowledge_views.used,
         name="suggestion_use"),
    path("tickets/<str:reference>/<str:action>/", views.act, name="act"),
    path("calls/<int:pk>/pop/", call_views.call_pop, name="call_pop"),
    path("calls/<int:pk>/open/", call_views.call_open, name="call_open"),
    path("callbacks/", call_views.callbacks, name="callbacks"),
    path("callbacks/<int:pk>/done/", call_views.callback_done, name="callback_done"),
    path("chat/", chat_views.console, name="chat"),
    path("chat/live/", chat_views.live, name="chat_live"),
    path("chat/<int:pk>/", chat_views.card, name="chat_card"),
    path("chat/<int:pk>/complaint/", chat_views.complaint, name="chat_complaint"),
]
