from django.urls import path

from contactcenter.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("open/<int:customer_pk>/", views.open_complaint, name="open"),
    path("tickets/<str:reference>/", views.ticket_detail, name="ticket"),
    path("tickets/<str:reference>/<str:action>/", views.act, name="act"),
]
