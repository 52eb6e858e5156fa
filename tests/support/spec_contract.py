"""Checks recorded HTTP requests against the engines' own OpenAPI specifications.

`../shared/specs/` (next to the checkout; `JPL_SEARCH_SPECS` overrides) holds
Elasticsearch's OpenAPI document (one JSON file) and OpenSearch's (YAML files joined by
`$ref`s across files). For one request (method, path with query string, body) the checker:

- finds the operation whose path template and method match (literal segments beat
  `{placeholders}`, so `/_aliases` is not read as an index called "_aliases");
- checks every query parameter is one the operation names, with a value its schema accepts;
- checks the body against the operation's request-body schema, resolving `$ref`s (across
  files for OpenSearch), `allOf`, and `oneOf`/`anyOf` (the branch with fewest problems wins,
  which is how discriminated unions such as analyzers and queries resolve);
- reports every object key the schema does not name. The specs rarely say
  `additionalProperties: false`, so plain JSON-Schema validation accepts misspelt keys; this
  check does not.

Bulk bodies (NDJSON) are checked line by line: each action line against the spec's bulk
operation schema; document lines are our own mapping's business (`dynamic: strict`).

This is a small purpose-built validator (types, enum/const, required, properties,
additionalProperties, patternProperties, items, min/maxProperties, unions) rather than a
general JSON-Schema engine: general validators cannot report unnamed keys, and resolving the
best union branch is what makes that report useful.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import yaml

REPO = Path(__file__).resolve().parents[2]


def specs_dir() -> Path:
    override = os.environ.get("JPL_SEARCH_SPECS")
    if override:
        return Path(override)
    # The worktree or checkout sits next to `shared/` (../shared/specs).
    return REPO.parent / "shared" / "specs"


# Objects keyed by a field name of our own mapping (`{"terms": {"status": [...]}}`). The
# engines' source specifications say so (an "additional property" behaviour), but the
# OpenAPI output cannot, so these schemas accept any key beside the ones they name; their
# named keys are still checked. Every name here is a hole in the unnamed-key check: keep it
# short.
FIELD_KEYED = {
    # Elasticsearch
    "_types.query_dsl.TermsQuery",
    # OpenSearch
    "TermsQueryField",
}

ES_SPEC = "elasticsearch/elasticsearch-serverless-openapi.json"
OS_SPEC = "opensearch/spec"


def specs_available() -> bool:
    base = specs_dir()
    return (base / ES_SPEC).is_file() and (base / OS_SPEC / "namespaces").is_dir()


# -- documents and $refs ------------------------------------------------------------------


class Documents:
    """Spec files by absolute path, loaded on first use."""

    def __init__(self) -> None:
        self._docs: dict[str, Any] = {}

    def load(self, path: str) -> Any:
        if path not in self._docs:
            text = Path(path).read_text(encoding="utf-8")
            if path.endswith(".json"):
                self._docs[path] = json.loads(text)
            else:
                loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
                self._docs[path] = yaml.load(text, Loader=loader)
        return self._docs[path]

    def resolve(self, ref: str, base: str) -> tuple[Any, str]:
        file_part, _, pointer = ref.partition("#")
        target = str((Path(base).parent / file_part).resolve()) if file_part else base
        node = self.load(target)
        for token in pointer.lstrip("/").split("/") if pointer.strip("/") else []:
            token = unquote(token).replace("~1", "/").replace("~0", "~")
            node = node[token]
        return node, target


@dataclass
class Operation:
    method: str
    template: str
    spec: dict
    base: str  # the file the operation was read from (for its local $refs)
    regex: re.Pattern = field(repr=False, default=None)  # type: ignore[assignment]
    literal_segments: int = 0

    @property
    def operation_id(self) -> str:
        return self.spec.get("operationId", "?")


class Spec:
    """One engine's API: its operations, and the checks against them."""

    def __init__(self, name: str, operation_files: list[Path]):
        self.name = name
        self.docs = Documents()
        self.operations: list[Operation] = []
        for path in operation_files:
            base = str(path.resolve())
            doc = self.docs.load(base)
            for template, item in (doc.get("paths") or {}).items():
                for method, op in item.items():
                    if method not in ("get", "put", "post", "delete", "head", "patch"):
                        continue
                    pattern = "^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(template)) + "$"
                    literals = sum(
                        1 for part in template.strip("/").split("/") if part and "{" not in part
                    )
                    self.operations.append(
                        Operation(method.upper(), template, op, base, re.compile(pattern), literals)
                    )

    # -- finding the operation --------------------------------------------------------------
    def find(self, method: str, path: str) -> Operation | None:
        candidates = [
            op for op in self.operations if op.method == method and op.regex.match(path or "/")
        ]
        if not candidates:
            return None
        return max(candidates, key=lambda op: (op.literal_segments, -op.template.count("{")))

    def _deref(self, node: Any, base: str) -> tuple[Any, str]:
        seen = 0
        while isinstance(node, dict) and "$ref" in node:
            extra = {k: v for k, v in node.items() if k != "$ref"}
            node, base = self.docs.resolve(node["$ref"], base)
            if extra and isinstance(node, dict):
                node = {**node, **extra}
            seen += 1
            if seen > 50:
                raise RuntimeError("$ref loop")
        return node, base

    def parameters(self, op: Operation) -> dict[str, tuple[dict, str]]:
        found = {}
        for raw in op.spec.get("parameters", []):
            param, base = self._deref(raw, op.base)
            found[param["name"]] = (param, base)
        return found

    def request_schema(self, op: Operation) -> tuple[dict, str] | None:
        body = op.spec.get("requestBody")
        if not body:
            return None
        body, base = self._deref(body, op.base)
        content = body.get("content", {})
        for media in ("application/json", "application/x-ndjson"):
            if media in content:
                schema = content[media].get("schema")
                return (schema, base) if schema is not None else None
        for media_body in content.values():
            if media_body.get("schema") is not None:
                return media_body["schema"], base
        return None

    # -- the check --------------------------------------------------------------------------
    def check_request(self, method: str, target: str, body: Any = None) -> list[str]:
        """Every problem with one request ([] when the specification accepts it)."""
        parts = urlsplit(target)
        path = unquote(parts.path) or "/"
        op = self.find(method, path)
        if op is None:
            return [f"{method} {path}: no such operation in the {self.name} specification"]
        where = f"{op.operation_id} ({method} {op.template})"
        problems: list[str] = []
        params = self.parameters(op)
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            if name not in params or params[name][0].get("in") != "query":
                problems.append(f"{where}: unknown query parameter {name!r}")
                continue
            param, base = params[name]
            schema = param.get("schema")
            if schema is None:
                continue
            as_string = self.check(value, schema, base, f"?{name}")
            if as_string:
                try:
                    parsed = json.loads(value)
                except ValueError:
                    parsed = value
                if parsed != value and not self.check(parsed, schema, base, f"?{name}"):
                    continue
                problems.extend(f"{where}: {p}" for p in as_string)
        schema_base = self.request_schema(op)
        if body is not None and schema_base is None:
            problems.append(f"{where}: the operation takes no request body")
        elif schema_base is not None:
            schema, base = schema_base
            if isinstance(body, list):  # NDJSON bulk: action lines, each maybe with a source
                problems.extend(f"{where}: {p}" for p in self.check_bulk(body, schema, base))
            elif body is not None:
                problems.extend(f"{where}: {p}" for p in self.check(body, schema, base, "body"))
            elif op.spec.get("requestBody", {}).get("required"):
                pass  # clients may send required bodies empty as {} - caught above when sent
        return problems

    def check_bulk(self, lines: list, schema: dict, base: str) -> list[str]:
        schema, base = self._deref(schema, base)
        items, base = self._deref(schema.get("items", {}), base)
        branches = items.get("oneOf") or items.get("anyOf") or [items]
        action_schema = branches[0]  # the operation container (index/create/update/delete)
        problems, index = [], 0
        while index < len(lines):
            line = lines[index]
            problems.extend(self.check(line, action_schema, base, f"bulk[{index}]"))
            action = next(iter(line)) if isinstance(line, dict) and line else None
            index += 1 if action == "delete" else 2
        return problems

    def check(self, instance: Any, schema: Any, base: str, path: str) -> list[str]:
        problems, named, _ = self._check(instance, schema, base, path)
        if isinstance(instance, dict) and named is not None:
            for key in instance:
                if key not in named:
                    problems.append(f"{path}: key {key!r} is not named by the schema")
        return problems

    # A view of a schema with $ref and allOf merged, keeping oneOf/anyOf groups apart.
    def _view(self, schema: Any, base: str) -> dict:
        view: dict[str, Any] = {
            "types": None,
            "properties": {},
            "pattern_properties": {},
            "additional": None,  # None: not said; False; True; (schema, base)
            "required": set(),
            "unions": [],
            "enum": None,
            "const": None,
            "has_const": False,
            "items": None,
            "min_properties": None,
            "max_properties": None,
            "nullable": False,
        }
        self._merge(view, schema, base, 0)
        return view

    def _merge(self, view: dict, schema: Any, base: str, depth: int) -> None:
        if schema is True or schema is None:
            return
        if schema is False:
            view["types"] = set()
            return
        if (
            isinstance(schema, dict)
            and "$ref" in schema
            and schema["$ref"].rsplit("/", 1)[-1] in FIELD_KEYED
        ):
            view["additional"] = True
        schema, base = self._deref(schema, base)
        if depth > 40:
            return
        kind = schema.get("type")
        if kind is not None:
            kinds = set(kind) if isinstance(kind, list) else {kind}
            view["types"] = kinds if view["types"] is None else view["types"] & kinds
        if schema.get("nullable"):
            view["nullable"] = True
        for name, sub in (schema.get("properties") or {}).items():
            view["properties"].setdefault(name, []).append((sub, base))
        for pattern, sub in (schema.get("patternProperties") or {}).items():
            view["pattern_properties"][pattern] = (sub, base)
        if "additionalProperties" in schema:
            extra = schema["additionalProperties"]
            if extra is False:
                view["additional"] = False
            elif extra is True or extra == {}:
                view["additional"] = True
            else:
                view["additional"] = (extra, base)
        view["required"] |= set(schema.get("required") or [])
        if "enum" in schema:
            view["enum"] = schema["enum"]
        if "const" in schema:
            view["const"], view["has_const"] = schema["const"], True
        if "items" in schema:
            view["items"] = (schema["items"], base)
        if "minProperties" in schema:
            view["min_properties"] = schema["minProperties"]
        if "maxProperties" in schema:
            view["max_properties"] = schema["maxProperties"]
        for sub in schema.get("allOf") or []:
            self._merge(view, sub, base, depth + 1)
        for key in ("oneOf", "anyOf"):
            if schema.get(key):
                view["unions"].append([(sub, base) for sub in schema[key]])

    @staticmethod
    def _type_ok(instance: Any, kinds: set[str]) -> bool:
        for kind in kinds:
            if kind == "object" and isinstance(instance, dict):
                return True
            if kind == "array" and isinstance(instance, list):
                return True
            if kind == "string" and isinstance(instance, str):
                return True
            if kind == "boolean" and isinstance(instance, bool):
                return True
            if kind == "null" and instance is None:
                return True
            if (
                kind == "number"
                and isinstance(instance, int | float)
                and not isinstance(instance, bool)
            ):
                return True
            if (
                kind == "integer"
                and not isinstance(instance, bool)
                and (
                    isinstance(instance, int)
                    or (isinstance(instance, float) and instance.is_integer())
                )
            ):
                return True
        return False

    def _check(
        self, instance: Any, schema: Any, base: str, path: str
    ) -> tuple[list[str], set[str] | None, bool]:
        """(problems, keys named at this level (None when any key is allowed), whether the
        instance has a type the schema allows)."""
        view = self._view(schema, base)
        problems: list[str] = []
        if instance is None and view["nullable"]:
            return [], None, True
        kinds = view["types"]
        if kinds is not None and not self._type_ok(instance, kinds):
            kind_name = type(instance).__name__
            return (
                [f"{path}: expected {'/'.join(sorted(kinds)) or 'nothing'}, got {kind_name}"],
                None,
                False,
            )
        if view["enum"] is not None and instance not in view["enum"]:
            problems.append(f"{path}: {instance!r} is not one of {view['enum']}")
        if view["has_const"] and instance != view["const"]:
            problems.append(f"{path}: {instance!r} is not {view['const']!r}")

        named: set[str] | None = None
        if isinstance(instance, dict):
            open_ended = view["additional"] is True or (
                view["additional"] is None
                and not view["properties"]
                and not view["pattern_properties"]
                and not view["unions"]
            )
            named = None if open_ended else set(view["properties"])
            if isinstance(view["additional"], tuple):
                named = None  # every other key's value is checked against the schema
        for group in view["unions"]:
            best: tuple[int, list[str], set[str] | None] | None = None
            for sub, sub_base in group:
                sub_problems, sub_named, type_ok = self._check(instance, sub, sub_base, path)
                unnamed = 0
                if isinstance(instance, dict) and sub_named is not None and named is not None:
                    unnamed = sum(1 for key in instance if key not in sub_named | named)
                # A branch of the wrong type is the worst match, however short its report.
                score = len(sub_problems) + unnamed + (0 if type_ok else 1000)
                if best is None or score < best[0]:
                    best = (score, sub_problems, sub_named)
                if score == 0:
                    break
            assert best is not None
            problems.extend(best[1])
            if isinstance(instance, dict) and named is not None:
                if best[2] is None:
                    # The branch allows any key; the outer level still names its own.
                    named = None
                else:
                    named |= best[2]

        if isinstance(instance, dict):
            for key in sorted(view["required"]):
                if key not in instance:
                    problems.append(f"{path}: required key {key!r} is missing")
            if view["min_properties"] is not None and len(instance) < view["min_properties"]:
                problems.append(f"{path}: fewer than {view['min_properties']} keys")
            if view["max_properties"] is not None and len(instance) > view["max_properties"]:
                problems.append(f"{path}: more than {view['max_properties']} keys")
            for key, value in instance.items():
                child = f"{path}.{key}"
                if key in view["properties"]:
                    for sub, sub_base in view["properties"][key]:
                        problems.extend(self.check(value, sub, sub_base, child))
                    continue
                pattern = next((p for p in view["pattern_properties"] if re.search(p, key)), None)
                if pattern is not None:
                    sub, sub_base = view["pattern_properties"][pattern]
                    problems.extend(self.check(value, sub, sub_base, child))
                elif view["additional"] is False:
                    problems.append(f"{path}: key {key!r} is not allowed")
                elif isinstance(view["additional"], tuple):
                    sub, sub_base = view["additional"]
                    problems.extend(self.check(value, sub, sub_base, child))
        if isinstance(instance, list) and view["items"] is not None:
            sub, sub_base = view["items"]
            for index, item in enumerate(instance):
                problems.extend(self.check(item, sub, sub_base, f"{path}[{index}]"))
        return problems, named, True


@cache
def elasticsearch_spec() -> Spec:
    return Spec("Elasticsearch", [specs_dir() / ES_SPEC])


@cache
def opensearch_spec() -> Spec:
    namespaces = sorted((specs_dir() / OS_SPEC / "namespaces").glob("*.yaml"))
    return Spec("OpenSearch", namespaces)
