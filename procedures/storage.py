"""Where uploaded files live: outside MEDIA_ROOT, so that no web server serves them directly.

Migrations name these callables at `procedures.models.*`, which re-exports them."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.urls import reverse


def private_storage() -> FileSystemStorage:
    """Attachments and imported originals: outside MEDIA_ROOT, so no web server serves them
    directly; Wagtail's document view streams them after checking permission."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


class PrivateImageStorage(FileSystemStorage):
    """Image originals and renditions, in PRIVATE_MEDIA_ROOT like attachments. A file's URL
    names the view that checks permission (procedures.views.serve_image), so every surface
    that asks an image for its URL (templates, rich text, the admin) links to that view."""

    def url(self, name: str | None) -> str:
        return reverse("procedures:image_file", kwargs={"name": name})


def private_image_storage() -> PrivateImageStorage:
    return PrivateImageStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
