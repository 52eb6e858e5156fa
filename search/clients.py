"""The cluster clients, built from settings, for our engine and for Wagtail's own backend.

Elasticsearch's Python client sends `Accept`/`Content-Type:
application/vnd.elasticsearch+json; compatible-with=<its own major version>`. The installed
client is 9.x, and an Elasticsearch 8 server refuses `compatible-with=9` (400
media_type_header_exception). With `ELASTICSEARCH_VERSION=8`, `CompatibleTransport` rewrites
those headers to `compatible-with=8`, which an 8.x server accepts and the 9.x client's
requests (all of them 8-compatible API calls) work under. OpenSearch speaks plain
`application/json`; `opensearch-py` 3.x talks to OpenSearch 2 and 3.
"""

from __future__ import annotations

import re
from typing import Any

import elasticsearch
from django.conf import settings
from elastic_transport import HttpHeaders, Transport
from opensearchpy import OpenSearch

SUPPORTED = {"elasticsearch": (8, 9), "opensearch": (2, 3)}
DEFAULT_VERSION = {"elasticsearch": 9, "opensearch": 3}
_COMPAT = re.compile(r"compatible-with=\d+")


def server_version() -> int:
    flavour = getattr(settings, "ELASTICSEARCH_FLAVOUR", "elasticsearch")
    return int(getattr(settings, "ELASTICSEARCH_VERSION", 0) or DEFAULT_VERSION[flavour])


def _compat_transport(major: int) -> type[Transport]:
    class CompatibleTransport(Transport):
        """Asks for the server's major version's compatibility in every request."""

        compatible_with = major

        def perform_request(self, method, target, *, headers=None, **kwargs):
            if headers:
                headers = HttpHeaders(headers)
                for name in list(headers):
                    if name.lower() in ("accept", "content-type") and headers[name]:
                        headers[name] = _COMPAT.sub(f"compatible-with={major}", headers[name])
            return super().perform_request(method, target, headers=headers, **kwargs)

    return CompatibleTransport


def elasticsearch_options() -> dict[str, Any]:
    """Constructor options for `elasticsearch.Elasticsearch` (also Wagtail's backend)."""
    options: dict[str, Any] = {"max_retries": 1, "retry_on_timeout": False}
    major = server_version()
    if major != int(elasticsearch.__versionstr__.partition(".")[0]):
        options["transport_class"] = _compat_transport(major)
    return options


def elasticsearch_client(**extra: Any) -> elasticsearch.Elasticsearch:
    options = {
        **elasticsearch_options(),
        "request_timeout": float(getattr(settings, "ELASTICSEARCH_TIMEOUT", 5)),
        **extra,
    }
    return elasticsearch.Elasticsearch(settings.ELASTICSEARCH_URL, **options)


def opensearch_client(**extra: Any) -> OpenSearch:
    options = {
        "max_retries": 1,
        "retry_on_timeout": False,
        "timeout": float(getattr(settings, "ELASTICSEARCH_TIMEOUT", 5)),
        **extra,
    }
    return OpenSearch(hosts=[settings.ELASTICSEARCH_URL], **options)
