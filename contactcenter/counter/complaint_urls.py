"""The complaint recorded at the counter and its receipt."""

from django.urls import path

from contactcenter.counter import complaint_views, receipt_views

urlpatterns = [
    path("complaint/", complaint_views.complaint, name="complaint"),
    path("complaint/people/", complaint_views.people, name="complaint_people"),
    path("receipt/<str:reference>/", receipt_views.receipt, name="receipt"),
]
