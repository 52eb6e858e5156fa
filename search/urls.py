from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("", views.search, name="search"),
    path("api/", views.search_api, name="api"),
    path("suggest/", views.suggest, name="suggest"),
    path("glossary/", views.glossary, name="glossary"),
    path("open/", views.open_result, name="open"),
    path("insights/", views.search_insights, name="insights"),
]
