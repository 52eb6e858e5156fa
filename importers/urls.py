from django.urls import path

from . import views

app_name = "importers"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("create/", views.create, name="create"),
]
