"""Validators for the interoperability tests: HSDS 3.0 JSON schemas and FHIR R4B models."""

import copy
import json
from functools import cache
from pathlib import Path

from fhir.resources.R4B import get_fhir_model_class
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMAS = Path(__file__).parent.parent / "ipt_finder/directory/interop/schemas/hsds-3.0"


def closed(schema):
    """`schema` with additionalProperties false on every object, to catch misspelt keys."""
    schema = copy.deepcopy(schema)
    stack = [schema]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "properties" in node:
                node["additionalProperties"] = False
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return schema


@cache
def registry(strict):
    resources = []
    for path in [*SCHEMAS.glob("*.json"), *SCHEMAS.glob("compiled/*.json")]:
        schema = json.loads(path.read_text())
        if strict:
            schema = closed(schema)
        name = path.name if path.parent == SCHEMAS else f"compiled/{path.name}"
        resources.append((name, Resource.from_contents(schema, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def validate_hsds(data, schema_name, strict=True):
    """Raise if `data` breaks the HSDS 3.0 schema `schema_name`, e.g. "service.json"."""
    schema = registry(strict).contents(schema_name)
    validator = Draft202012Validator(
        schema, registry=registry(strict), format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def validate_page(data, item_schema):
    page = json.loads((SCHEMAS / "openapi.json").read_text())["components"]["schemas"]["Page"]
    Draft202012Validator(closed(page) | {"additionalProperties": True}).validate(data)
    assert set(data) == {"total_items", "total_pages", "page_number", "size", "first_page",
                         "last_page", "empty", "contents"}  # fmt: skip
    for item in data["contents"]:
        validate_hsds(item, item_schema)


def nulls(data, path="$"):
    """Paths in `data` holding null: HSDS never sends one."""
    if data is None:
        return [path]
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in nulls(value, f"{path}.{key}")]
    if isinstance(data, list):
        return [p for i, value in enumerate(data) for p in nulls(value, f"{path}[{i}]")]
    return []


def validate_fhir(data):
    """Validate a resource (and a Bundle's entries) with fhir.resources' R4B classes."""
    model = get_fhir_model_class(data["resourceType"])
    model.model_validate(data)
    for entry in data.get("entry", []):
        validate_fhir(entry["resource"])
