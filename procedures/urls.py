from django.urls import path

from . import views

app_name = "procedures"

urlpatterns = [
    path("browse/", views.browse, name="browse"),
    # Image originals (original_images/...) and renditions (renditions/...), permission-checked.
    path("images/<path:name>", views.serve_image, name="image_file"),
]
