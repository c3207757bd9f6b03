"""On PostgreSQL, the search document as a stored, generated column with the GIN index over it
(breachdesk/incidents/search.py). Nothing changes on SQLite."""

from django.db import migrations

from breachdesk.incidents.search import (
    postgresql_stored_document_create,
    postgresql_stored_document_drop,
)


class Migration(migrations.Migration):
    dependencies = [("incidents", "0006_register_indexes")]

    operations = [
        migrations.RunPython(postgresql_stored_document_create, postgresql_stored_document_drop)
    ]
