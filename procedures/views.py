"""Staff-facing views that are not Wagtail pages."""

from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe

from .listings import browse_context
from .media_access import image_is_visible_to
from .models import LibraryImage, LibraryRendition


def browse(request):
    """All current documents, filtered by section, service and type."""
    return TemplateResponse(request, "procedures/browse.html", browse_context(request))


@require_safe
def serve_image(request, name: str):
    """An image original or rendition from private storage, to users who may see the image
    (`media_access.image_is_visible_to`); anyone else gets a 404, as if it did not exist.

    Every image URL the site emits points here (`models.PrivateImageStorage.url`). Only
    files recorded on an image or a rendition can be named, so nothing else in private
    storage (attachments, imported originals) is reachable through this view."""
    rendition = LibraryRendition.objects.select_related("image").filter(file=name).first()
    image = rendition.image if rendition else LibraryImage.objects.filter(file=name).first()
    if image is None or not image_is_visible_to(request.user, image):
        raise Http404
    stored = rendition or image
    try:
        with stored.get_willow_image() as willow_image:
            mime_type = willow_image.mime_type
        stored.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(stored.file, content_type=mime_type)
    # As Wagtail's own image serve view: the file is never run as a document, never sniffed.
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    # Browsers may keep it; shared caches (proxies) must not, since it depends on the user.
    patch_cache_control(response, private=True, max_age=3600)
    patch_vary_headers(response, ["Cookie"])
    return response
