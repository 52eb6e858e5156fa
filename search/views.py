"""Staff search. A first, simple version: matches titles, references and summaries of the
current documents the user may see. The search issue replaces it with section-level,
ranked search on every engine."""

from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils import timezone

from procedures.listings import current_documents, for_listing


def search(request):
    query = request.GET.get("q", "").strip()[:200]
    results = []
    if query:
        results = list(
            for_listing(current_documents(request.user))
            .filter(
                Q(title__icontains=query) | Q(reference__iexact=query) | Q(summary__icontains=query)
            )
            .order_by("reference")[:50]
        )
    return TemplateResponse(
        request,
        "search/search.html",
        {"search_query": query, "documents": results, "today": timezone.localdate()},
    )
