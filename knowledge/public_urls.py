"""The public help pages, mounted at /aide/ (namespace "help")."""

from django.urls import path

from knowledge import public_views

app_name = "help"
urlpatterns = [
    path("", public_views.home, name="home"),
    path("recherche/", public_views.search, name="search"),
    path("themes/<slug:topic>/", public_views.topic, name="topic"),
    path("<slug:slug>/", public_views.article, name="article"),
    path("<slug:slug>/vote/", public_views.vote, name="vote"),
]
