from django.urls import path

from contactcenter.reports import views

app_name = "reports"
urlpatterns = [
    path("complaints.csv", views.complaints_csv, name="complaints_csv"),
    path("complaints.xlsx", views.complaints_xlsx, name="complaints_xlsx"),
]
