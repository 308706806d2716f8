from django.urls import path

from contactcenter.board import views

app_name = "sla"
urlpatterns = [
    path("board/", views.board, name="board"),
]
