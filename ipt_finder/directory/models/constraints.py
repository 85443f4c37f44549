from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import IntegerRangeField
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F, Func, Value


class PostgresExclusionConstraint(ExclusionConstraint):
    """An exclusion constraint that PostgreSQL enforces and other databases skip.

    SQLite has no equivalent, so there the model's clean() is the only guard.
    """

    @staticmethod
    def range(lower, upper, bounds):
        return Func(
            F(lower),
            F(upper),
            Value(bounds),
            function="int4range",
            output_field=IntegerRangeField(),
        )

    def constraint_sql(self, model, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            return super().constraint_sql(model, schema_editor)
        return None

    def create_sql(self, model, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor)
        return None

    def remove_sql(self, model, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            return super().remove_sql(model, schema_editor)
        return None

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        if connections[using].vendor == "postgresql":
            super().validate(model, instance, exclude=exclude, using=using)
