"""A stored, indexed text vector for free-text search on PostgreSQL.

Kept by a trigger rather than a generated column, so that later migrations can
still alter the columns it reads. The expression is the one models/querysets.py
names SEARCH_VECTOR; SQLite searches the text columns directly instead.
"""

from django.db import migrations

DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, coalesce(NEW.name, '')), 'A')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(NEW.approach, '')), 'B')"
    " || setweight(to_tsvector('english'::regconfig, coalesce(NEW.bio, '')), 'C')"
)

FORWARD = [
    "ALTER TABLE directory_therapist ADD COLUMN search_document tsvector",
    f"""
    CREATE FUNCTION directory_therapist_search_document() RETURNS trigger AS $$
    BEGIN
        NEW.search_document := {DOCUMENT};
        RETURN NEW;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER directory_therapist_search_document
    BEFORE INSERT OR UPDATE OF name, approach, bio ON directory_therapist
    FOR EACH ROW EXECUTE FUNCTION directory_therapist_search_document()
    """,
    "UPDATE directory_therapist SET name = name",
    "CREATE INDEX directory_therapist_search_document_idx"
    " ON directory_therapist USING gin (search_document)",
]
BACKWARD = [
    "DROP TRIGGER directory_therapist_search_document ON directory_therapist",
    "DROP FUNCTION directory_therapist_search_document()",
    "ALTER TABLE directory_therapist DROP COLUMN search_document",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("directory", "0014_data_stamp")]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
