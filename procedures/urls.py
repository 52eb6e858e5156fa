from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("browse/", views.browse, name="browse"),
]
