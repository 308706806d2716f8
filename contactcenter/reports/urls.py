from django.urls import path

from contactcenter.reports import dashboard_views, satisfaction_views, views

app_name = "reports"
urlpatterns = [
    path("", dashboard_views.dashboard, name="dashboard"),
    path("charts/<slug:slug>.csv", dashboard_views.chart_csv, name="chart_csv"),
    path("charts/<slug:slug>.xlsx", dashboard_views.chart_xlsx, name="chart_xlsx"),
    path("complaints.csv", views.complaints_csv, name="complaints_csv"),
    path("complaints.xlsx", views.complaints_xlsx, name="complaints_xlsx"),
    path("satisfaction/", satisfaction_views.satisfaction, name="satisfaction"),
    path("satisfaction/quarter/", satisfaction_views.satisfaction_quarter,
         name="satisfaction_quarter"),
]
