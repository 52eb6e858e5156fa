"""Writing to the Elasticsearch/OpenSearch section index: what one delivery sends for a
document (`DocumentUpdate`), the bulk lines for it (with external versions), and reading
each item's answer (`BulkOutcome`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# Statuses a bulk item may answer that mean "done": created, updated, a delete of something
# already gone, and a version conflict (the index holds a later version than this one).
ITEM_DONE = {200, 201, 404, 409}
BULK_CHUNK = 500  # actions per bulk request


@dataclass
class DocumentUpdate:
    """What one outbox delivery sends for one document: its sections now (none when it left
    the index), the positions indexed before that no longer exist, and its version."""

    document_id: int
    version: int
    sources: list[dict[str, Any]] = field(default_factory=list)
    stale_positions: list[int] = field(default_factory=list)


@dataclass
class BulkOutcome:
    """Per document: None when every item landed (or a later version was already there),
    otherwise the first error, and whether retrying can help (429, 5xx, no answer)."""

    errors: dict[int, str] = field(default_factory=dict)
    retryable: dict[int, bool] = field(default_factory=dict)

    def read(self, chunk: list[tuple[int, list[dict]]], response: dict[str, Any]) -> None:
        """Note the first failed item of each document in `response` (the answer to
        `chunk`'s lines)."""
        for (doc_id, _), item in zip(chunk, response.get("items", []), strict=False):
            result = next(iter(item.values()))
            status = int(result.get("status", 500))
            if status in ITEM_DONE or doc_id in self.errors:
                continue
            error = result.get("error") or {}
            reason = error.get("reason", "") if isinstance(error, dict) else str(error)
            self.errors[doc_id] = f"{status} {reason}".strip()
            self.retryable[doc_id] = status == 429 or status >= 500


def operations(update: DocumentUpdate, index: str) -> list[tuple[int, list[dict]]]:
    """(document id, bulk lines) per action. External versions: the cluster keeps an item
    only if its version is higher than the one it holds, so a delivery that arrives late
    never overwrites a later one."""
    meta = {"version": update.version, "version_type": "external"}
    actions = []
    for source in update.sources:
        doc_id = f"{update.document_id}-{source['position']}"
        actions.append(
            (update.document_id, [{"index": {"_index": index, "_id": doc_id, **meta}}, source])
        )
    for position in update.stale_positions:
        doc_id = f"{update.document_id}-{position}"
        actions.append((update.document_id, [{"delete": {"_index": index, "_id": doc_id, **meta}}]))
    return actions


def chunks(
    updates: Iterable[DocumentUpdate], index: str, size: int
) -> Iterable[list[tuple[int, list[dict]]]]:
    """The updates' actions, `size` at a time (one bulk request each)."""
    actions = [action for update in updates for action in operations(update, index)]
    for start in range(0, len(actions), size):
        yield actions[start : start + size]
