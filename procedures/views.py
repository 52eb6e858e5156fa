"""Staff-facing views that are not Wagtail pages."""

from django.template.response import TemplateResponse

from .listings import browse_context


def browse(request):
    """All current documents, filtered by section, service and type."""
    return TemplateResponse(request, "procedures/browse.html", browse_context(request))
