"""Full-text index of diary number, reference and description, in each database's own way."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from breachdesk.incidents.search import (
    PG_INDEX_DROP,
    PG_INDEX_SQL,
    SQLITE_FTS_DROP,
    SQLITE_FTS_SQL,
)


def _run(schema_editor: BaseDatabaseSchemaEditor, statements: dict[str, list[str]]) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_FTS_SQL, "postgresql": PG_INDEX_SQL})
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "INSERT INTO incidents_incident_fts(incidents_incident_fts) VALUES ('rebuild')"
        )


def drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_FTS_DROP, "postgresql": PG_INDEX_DROP})


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
