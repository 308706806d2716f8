from django.urls import path

from contactcenter.desk import customer_views as views

app_name = "customers"
urlpatterns = [
    path("", views.search, name="search"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/timeline/", views.timeline, name="timeline"),
    path("<int:pk>/merge/", views.merge, name="merge"),
    path("<int:pk>/sms-notifications/", views.sms_notifications, name="sms_notifications"),
]
