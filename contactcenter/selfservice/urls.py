from django.urls import path

from contactcenter.selfservice import views

app_name = "selfservice"
urlpatterns = [
    path("", views.start, name="start"),
    path("code/", views.code, name="code"),
    path("reclamations/", views.complaints, name="complaints"),
    path("reclamations/<str:reference>/", views.complaint, name="complaint"),
    path("reclamations/<str:reference>/satisfaction/", views.satisfaction,
         name="complaint_satisfaction"),
    path("notifications/", views.notifications, name="notifications"),
    path("sortie/", views.leave, name="leave"),
]
