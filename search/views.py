"""Staff search: the search page, its JSON API, suggestions and the glossary page.

The views know nothing of engines: `service.search` uses whichever one settings chose, and
the page renders its `SearchResults` as they are (links included)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from procedures.models import DocumentPage

from . import insights, service
from .models import GlossaryTerm
from .query import normalise_reference
from .request import MAX_QUERY_LENGTH, SORTS, SearchRequest

# Search only reads. Outside ATOMIC_REQUESTS' per-request transaction, SQLite (whose
# transactions begin IMMEDIATE, taking the write lock) serves searches side by side
# instead of one at a time; on PostgreSQL it saves a BEGIN/COMMIT per search.
read_only = transaction.non_atomic_requests


FACET_NAMES = {
    "service": "Service",
    "section": "Section",
    "type": "Document type",
    "status": "Status",
}


def _count(asked: SearchRequest, results: service.SearchResults) -> None:
    """Count the search for the coordinator's insights (first page only, so paging through
    one search counts once); never who searched."""
    if asked.page_number == 1:
        insights.record_search(asked.query, results.total, bool(results.corrected_query))
        if not asked.correct_spelling:
            insights.record_correction_abandoned(asked.query)


@require_GET
@read_only
def search(request: HttpRequest) -> HttpResponse:
    asked = SearchRequest.from_params(request.user, request.GET)
    context: dict[str, object] = {
        "search_query": asked.query,
        "asked": asked,
        "sorts": SORTS,
        "facet_names": FACET_NAMES,
    }
    if asked.query:
        document = service.find_reference(request.user, asked.query)
        if document is not None and document.url:
            return redirect(document.url)
        results = service.search(asked)
        _count(asked, results)
        context["results"] = results
    return TemplateResponse(request, "library_search/search.html", context)


def _hit_json(result: service.DocumentResult) -> dict:
    page = result.page
    url = result.url
    return {
        "id": page.pk,
        "reference": page.reference,
        "title": page.title,
        "url": url,
        "service": page.get_service_display(),
        "type": page.get_document_type_display(),
        "marking": page.get_protective_marking_display(),
        "version": page.version_label,
        "approved_at": page.approved_at.isoformat() if page.approved_at else None,
        "status": result.status,
        # Relevance as a position among what this searcher may see (1 for the first
        # result): raw engine scores depend on every section indexed, hidden ones too.
        "score": result.relevance,
        "sections": [
            {
                "anchor": hit.anchor,
                "number": hit.number,
                "title": hit.title,
                "url": f"{url}#{hit.anchor}" if hit.anchor else url,
                "snippet_html": str(hit.snippet),
            }
            for hit in result.sections
        ],
    }


@require_GET
@read_only
def search_api(request: HttpRequest) -> JsonResponse:
    asked = SearchRequest.from_params(request.user, request.GET)
    if not asked.query:
        return JsonResponse({"error": "Give a query in the q parameter."}, status=400)
    document = service.find_reference(request.user, asked.query)
    if document is not None:
        return JsonResponse(
            {"query": asked.query, "redirect": document.url, "reference": document.reference}
        )
    results = service.search(asked)
    _count(asked, results)
    return JsonResponse(
        {
            "query": asked.query,
            "corrected_query": results.corrected_query or None,
            "partial_match": results.partial,
            "notice": results.notice or None,
            "engine": results.engine_label,
            "total": results.total,
            "total_is_lower_bound": results.capped,
            "page": results.page_number,
            "num_pages": results.num_pages,
            "results": [_hit_json(result) for result in results.results],
            "facets": {
                name: [
                    {"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                    for v in values
                ]
                for name, values in results.facets.items()
            },
        }
    )


@require_GET
@read_only
def suggest(request: HttpRequest) -> JsonResponse:
    query = (request.GET.get("q") or "").strip()
    return JsonResponse({"query": query, "suggestions": service.suggest(request.user, query)})


@require_GET
@read_only
def glossary(request: HttpRequest) -> HttpResponse:
    terms = GlossaryTerm.objects.order_by("term")
    letter = (request.GET.get("q") or "").strip()[:80]
    if letter:
        terms = terms.filter(term__icontains=letter) | terms.filter(expansion__icontains=letter)
    page = Paginator(terms.distinct(), 200).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "library_search/glossary.html",
        {
            "terms": page.object_list,
            "page_obj": page,
            "glossary_query": letter,
            "search_url": reverse("search:search"),
        },
    )


@require_POST
def open_result(request: HttpRequest) -> HttpResponse:
    """A result opened from the results page (sent by search/opened.js): counted for the
    query, not the person. A document the searcher may not see answers as a missing one."""
    try:
        document_id = int(request.POST.get("d") or "")
    except ValueError:
        raise Http404 from None
    if not service.findable(request.user, include_old=True).filter(pk=document_id).exists():
        raise Http404
    insights.record_opened((request.POST.get("q") or "").strip()[:MAX_QUERY_LENGTH])
    return HttpResponse(status=204)


INSIGHTS_PERMISSION = "library_search.view_search_insights"


def _insights_only(request: HttpRequest) -> None:
    # Refused like a missing page, as everywhere in the library.
    if not request.user.has_perm(INSIGHTS_PERMISSION):
        raise Http404


@require_http_methods(["GET", "POST"])
def search_insights(request: HttpRequest) -> HttpResponse:
    """The coordinator's view of what staff search for, with one action per query: make it
    a glossary name, or point it at a document (best bet). Both apply to the next search."""
    _insights_only(request)
    if request.method == "POST":
        query = (request.POST.get("query") or "").strip()
        action = request.POST.get("action")
        if action == "glossary" and query and (request.POST.get("name") or "").strip():
            term = insights.add_to_glossary(query, request.POST["name"])
            messages.success(request, f"“{query}” now finds what “{term.term}” finds.")
        elif action == "best_bet" and query:
            reference = normalise_reference(request.POST.get("reference") or "")
            document = (
                service.findable(request.user, include_old=False)
                .filter(reference=reference)
                .first()
                if reference
                else None
            )
            if document is None:
                messages.error(request, "No current document has that reference.")
            else:
                insights.set_best_bet(query, document)
                messages.success(request, f"“{query}” now shows {document.reference} first.")
        else:
            messages.error(request, "Give a query and a glossary name or a document reference.")
        return redirect(reverse("search:insights"))
    insights.purge()
    return TemplateResponse(
        request,
        "library_search/insights.html",
        {
            "lists": insights.summary(DocumentPage.objects.visible_to(request.user)),
            "retention_days": insights.retention_days(),
            "search_url": reverse("search:search"),
        },
    )
