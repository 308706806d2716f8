from django.urls import path

from contactcenter.desk import customer_views as views

app_name = "customers"
urlpatterns = [
    path("", views.search, name="search"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/timeline/", views.timeline, name="timeline"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/sms-notifications/", views.sms_notifications, name="sms_notifications"),
    path("<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_id>/", views.contact_correct, name="contact_correct"),
    path("<int:pk>/contacts/<int:contact_id>/retire/", views.contact_retire,
         name="contact_retire"),
    path("<int:pk>/contacts/<int:contact_id>/main/", views.contact_main, name="contact_main"),
]
