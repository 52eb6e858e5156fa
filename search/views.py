"""Staff search: the search page, its JSON API, suggestions and the glossary page.

The views know nothing of engines: `service.run_search` uses whichever one settings chose."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from procedures.access import visible_documents

from . import insights, service
from .models import GlossaryTerm

# Search only reads. Outside ATOMIC_REQUESTS' per-request transaction, SQLite (whose
# transactions begin IMMEDIATE, taking the write lock) serves searches side by side
# instead of one at a time; on PostgreSQL it saves a BEGIN/COMMIT per search.
read_only = transaction.non_atomic_requests


def _options(request: HttpRequest) -> dict:
    try:
        page_number = int(request.GET.get("page") or 1)
    except ValueError:
        page_number = 1
    sort = request.GET.get("sort") or "relevance"
    return {
        "query": (request.GET.get("q") or "").strip()[:200],
        "filters": service.Filters.from_params(request.GET),
        "include_old": request.GET.get("include") == "all",
        "sort": sort if sort in service.SORTS else "relevance",
        "page_number": page_number,
        # "Search instead for ...": the searcher turned a correction down.
        "as_typed": request.GET.get("as_typed") == "1",
    }


def _run(request: HttpRequest, options: dict) -> service.SearchResults:
    return service.run_search(
        request.user,
        options["query"],
        filters=options["filters"],
        include_old=options["include_old"],
        sort=options["sort"],
        page_number=options["page_number"],
        correct_spelling=not options["as_typed"],
    )


def _count(options: dict, results: service.SearchResults) -> None:
    """Count the search for the coordinator's insights (first page only, so paging through
    one search counts once); never who searched."""
    if options["page_number"] == 1:
        insights.record_search(options["query"], results.total, bool(results.corrected_query))
        if options["as_typed"]:
            insights.record_correction_abandoned(options["query"])


@require_GET
@read_only
def search(request: HttpRequest) -> HttpResponse:
    options = _options(request)
    context = {
        "search_query": options["query"],
        "options": options,
        "sorts": service.SORTS,
        "facet_names": {
            "service": "Service",
            "section": "Section",
            "type": "Document type",
            "status": "Status",
        },
    }
    if options["query"]:
        document = service.find_reference(request.user, options["query"])
        if document is not None and document.url:
            return redirect(document.url)
        results = _run(request, options)
        _count(options, results)
        base = {"q": options["query"], "sort": options["sort"]}
        if options["include_old"]:
            base["include"] = "all"
        selected = {k: v for k, v in options["filters"].as_dict().items() if v}
        for name, values in results.facets.items():
            for value in values:
                params = {**base, **selected}
                if value.selected:
                    params.pop(name, None)
                else:
                    params[name] = value.value
                value.url = "?" + urlencode(params)
        pages = {**base, **selected}
        context.update(
            {
                "results": results,
                "as_typed_url": "?" + urlencode({"q": options["query"], "as_typed": "1"}),
                "open_url": reverse("search:open"),
                "facet_query": pages,
                "page_links": [
                    (n, "?" + urlencode({**pages, "page": n}))
                    for n in range(1, results.num_pages + 1)
                ][:20],
            }
        )
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
    options = _options(request)
    if not options["query"]:
        return JsonResponse({"error": "Give a query in the q parameter."}, status=400)
    document = service.find_reference(request.user, options["query"])
    if document is not None:
        return JsonResponse(
            {"query": options["query"], "redirect": document.url, "reference": document.reference}
        )
    results = _run(request, options)
    _count(options, results)
    return JsonResponse(
        {
            "query": options["query"],
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
    if not service.scope_queryset(request.user, include_old=True).filter(pk=document_id).exists():
        raise Http404
    insights.record_opened((request.POST.get("q") or "").strip()[:200])
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
            reference = service.normalise_reference(request.POST.get("reference") or "")
            document = (
                service.scope_queryset(request.user, include_old=False)
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
            "lists": insights.summary(visible_documents(request.user)),
            "retention_days": insights.retention_days(),
            "search_url": reverse("search:search"),
        },
    )
