"""Database triggers that keep the listing summary columns (summary.py) true.

They run on every write path, in the writer's transaction: ORM saves, queryset updates,
bulk inserts and deletes, raw SQL, rows deleted straight from the membership table.

One trigger on the listing computes its summary whenever the listing is inserted or its
summary columns are written, so a stale value saved from memory is recomputed. A change
to a listing's rows "touches" the listing (sets ipt_rung to itself), which fires it. On
PostgreSQL the touch first takes the listing's row lock and the trigger then reads the
committed rows afresh, so of two writers to one listing the later sees the other's rows;
a new membership share-locks its organisation, so it waits for a change of cost policy.
"""

from django.apps import apps
from django.db import NotSupportedError, connections, transaction
from django.db.models.signals import post_migrate, pre_migrate

from .summary import SUMMARY_FIELDS, membership_table, summary_sql, table

PREFIX = "directory_summary"
TOUCHED = "ipt_rung"


def watched():
    """Each table whose rows feed the summaries -> the columns that matter."""
    return {
        table("Credential"): ["therapist_id", "kind", "verification", "expires_on"],
        table("IPTTraining"): ["therapist_id", "level", "verification", "expires_on"],
        table("Location"): ["therapist_id", "wheelchair"],
        membership_table(): ["therapist_id", "organisation_id"],
    }


def _name(source):
    return f"{PREFIX}_{source.removeprefix('directory_')}"


def _touch():
    return f"UPDATE {table('Therapist')} SET {TOUCHED} = {TOUCHED} WHERE id IN"


def _postgresql():
    listings, organisations = table("Therapist"), table("Organisation")
    computed = summary_sql("NEW.id")
    statements = [
        f"""CREATE FUNCTION {PREFIX}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT {", ".join(computed.values())}
    INTO {", ".join(f"NEW.{name}" for name in computed)};
    RETURN NEW;
END $$""",
        f"CREATE TRIGGER {PREFIX} BEFORE INSERT OR UPDATE OF {', '.join(SUMMARY_FIELDS)} "
        f"ON {listings} FOR EACH ROW EXECUTE FUNCTION {PREFIX}()",
    ]
    for source, columns in watched().items():
        name = _name(source)
        lock = ""
        if source == membership_table():
            lock = (
                f"PERFORM 1 FROM {organisations} WHERE id IN "
                "(SELECT organisation_id FROM new_rows) ORDER BY id FOR SHARE;"
            )
        old, new = (", ".join(f"{row}.{column}" for column in columns) for row in "on")
        statements.append(f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {lock}
        {_touch()} (SELECT therapist_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        {_touch()} (SELECT therapist_id FROM old_rows);
    ELSE
        {lock}
        {_touch()} (
            SELECT unnest(ARRAY[o.therapist_id, n.therapist_id])
            FROM old_rows o FULL JOIN new_rows n ON n.id = o.id
            WHERE ({old}) IS DISTINCT FROM ({new})
        );
    END IF;
    RETURN NULL;
END $$""")
        for event, tables in [
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ]:
            statements.append(
                f"CREATE TRIGGER {name}_{event.lower()} AFTER {event} ON {source} "
                f"REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
    name = _name(organisations)
    statements += [
        f"""CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {_touch()} (
        SELECT r.therapist_id FROM {membership_table()} r
        JOIN new_rows n ON n.id = r.organisation_id JOIN old_rows o ON o.id = n.id
        WHERE n.cost_policy IS DISTINCT FROM o.cost_policy
    );
    RETURN NULL;
END $$""",
        f"CREATE TRIGGER {name}_update AFTER UPDATE ON {organisations} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()",
    ]
    return statements


def _sqlite():
    listings, organisations = table("Therapist"), table("Organisation")
    computed = summary_sql("NEW.id")
    assignments = ", ".join(f"{name} = {sql}" for name, sql in computed.items())
    # SQLite does not fire a trigger from its own body, so this UPDATE runs once.
    statements = [
        f"CREATE TRIGGER {PREFIX} AFTER UPDATE OF {', '.join(SUMMARY_FIELDS)} ON {listings} "
        f"BEGIN UPDATE {listings} SET {assignments} WHERE id = NEW.id; END",
        f"CREATE TRIGGER {PREFIX}_insert AFTER INSERT ON {listings} BEGIN {_touch()} (NEW.id); END",
    ]
    for source, columns in watched().items():
        name = _name(source)
        statements += [
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {source} "
            f"BEGIN {_touch()} (NEW.therapist_id); END",
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {', '.join(columns)} ON {source} "
            f"BEGIN {_touch()} (OLD.therapist_id, NEW.therapist_id); END",
            f"CREATE TRIGGER {name}_delete AFTER DELETE ON {source} "
            f"BEGIN {_touch()} (OLD.therapist_id); END",
        ]
    statements.append(
        f"CREATE TRIGGER {_name(organisations)}_update AFTER UPDATE OF cost_policy "
        f"ON {organisations} WHEN OLD.cost_policy IS NOT NEW.cost_policy BEGIN {_touch()} "
        f"(SELECT therapist_id FROM {membership_table()} WHERE organisation_id = NEW.id); END"
    )
    return statements


def _installed(cursor, vendor):
    if vendor == "postgresql":
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace "
            "AND proname LIKE %s",
            [f"{PREFIX}%"],
        )
    else:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
            [f"{PREFIX}%"],
        )
    return [name for (name,) in cursor.fetchall()]


def _drop(cursor, vendor):
    for name in _installed(cursor, vendor):
        if vendor == "postgresql":
            cursor.execute(f"DROP FUNCTION IF EXISTS {name}() CASCADE")
        else:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


BUILDERS = {"postgresql": _postgresql, "sqlite": _sqlite}


def install_triggers(connection):
    """Create the triggers, replacing any earlier version of them."""
    if connection.vendor not in BUILDERS:
        raise NotSupportedError(f"No summary triggers for {connection.vendor}.")
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        _drop(cursor, connection.vendor)
        for statement in BUILDERS[connection.vendor]():
            cursor.execute(statement)


def uninstall_triggers(connection):
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        _drop(cursor, connection.vendor)


_set_aside = set()  # databases whose triggers this migrate run dropped


def _drop_for_migrating(sender, using, **kwargs):
    """On SQLite, drop the triggers while migrations run: a migration that rebuilds a
    table renames it, which SQLite refuses while another table's trigger names it."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            if _installed(cursor, connection.vendor):
                _set_aside.add(using)
        uninstall_triggers(connection)


def _reinstall(sender, using, plan=None, **kwargs):
    """Put the triggers back after migrations: where they were, or where migration 0010
    was just applied (SQLite defers them to here). Refreshed everywhere else they are."""
    connection = connections[using]
    ran = {
        backwards
        for migration, backwards in plan or ()
        if (migration.app_label, migration.name) == ("directory", "0010_summary_triggers")
    }
    with connection.cursor() as cursor:
        installed = bool(_installed(cursor, connection.vendor))
    was_set_aside = using in _set_aside
    _set_aside.discard(using)
    if True in ran:  # undone in this run
        return
    if installed or was_set_aside or False in ran:
        install_triggers(connection)


def connect_signals():
    config = apps.get_app_config("directory")
    pre_migrate.connect(_drop_for_migrating, sender=config, dispatch_uid="summary-triggers-aside")
    post_migrate.connect(_reinstall, sender=config, dispatch_uid="summary-triggers")
