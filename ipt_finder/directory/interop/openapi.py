"""The HSDS API's own description, as OpenAPI 3. Schemas point at HSDS 3.0's published files."""

SCHEMA_BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"


def parameter(name, description, kind="string", fmt=None):
    schema = {"type": kind}
    if fmt:
        schema["format"] = fmt
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}  # fmt: skip


PAGING = [
    parameter("page", "The page number, from 1.", "integer"),
    parameter("per_page", "Items on a page, at most 100 (default 50).", "integer"),
]
ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}


def page_of(item):
    return {
        "allOf": [
            {"$ref": f"{SCHEMA_BASE}openapi.json#/components/schemas/Page"},
            {"properties": {"contents": {"type": "array", "items": {"$ref": item}}}},
        ]
    }


def operation(summary, schema, parameters=()):
    return {
        "get": {
            "summary": summary,
            "parameters": list(parameters),
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": schema}},
                },
                "400": {"description": "A bad parameter; the body says which and why."},
                "404": {"description": "No published record has this id."},
            },
        }
    }


def document(base_url):
    service_filters = [
        parameter("search", "Words to find in the name, approach and description."),
        parameter("taxonomy_term_id", "Only services with this taxonomy term.", fmt="uuid"),
        parameter("organization_id", "Only services at this organization.", fmt="uuid"),
        parameter("modified_after", "Only services changed after this date-time.", fmt="date-time"),
    ]
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "IPT Finder HSDS API",
            "version": "3.0",
            "description": (
                "Published listings of therapists trained in Interpersonal Psychotherapy, as "
                "Open Referral HSDS 3.0. Read-only, no login. Only published listings appear."
            ),
        },
        "servers": [{"url": base_url.rstrip("/")}],
        "paths": {
            "/": operation("This API and its HSDS version.", {"type": "object"}),
            "/services": operation(
                "Published services, one per listing.",
                page_of(f"{SCHEMA_BASE}compiled/service_list.json"),
                [*service_filters, *PAGING],
            ),
            "/services/{id}": operation(
                "One service, fully nested.", {"$ref": f"{SCHEMA_BASE}service.json"}, [ID]
            ),
            "/organizations": operation(
                "Organizations that published listings work at.",
                page_of(f"{SCHEMA_BASE}compiled/organization_list.json"),
                PAGING,
            ),
            "/organizations/{id}": operation(
                "One organization.", {"$ref": f"{SCHEMA_BASE}organization.json"}, [ID]
            ),
        },
    }
