"""Routes of the visitor line: the kiosk and the hall display (public), the calling screen
(the agency's front office)."""

from django.urls import URLPattern, path

from contactcenter.counter import line_views

urlpatterns: list[URLPattern] = [
    path("line/", line_views.kiosk_setup, name="kiosk_setup"),
    path("line/<str:agency>/", line_views.kiosk, name="kiosk"),
    path("line/<str:agency>/ticket/<str:token>/", line_views.ticket, name="ticket"),
    path("display/<str:agency>/", line_views.display, name="display"),
    path("calling/", line_views.calling, name="calling"),
    path("calling/next/", line_views.call_next, name="call_next"),
    path("calling/<int:pk>/recall/", line_views.recall, name="recall"),
    path("calling/<int:pk>/served/", line_views.served, name="served"),
    path("calling/<int:pk>/absent/", line_views.absent, name="absent"),
    path("calling/<int:pk>/call-back/", line_views.call_back, name="call_back"),
]
