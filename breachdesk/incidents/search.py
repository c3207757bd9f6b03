"""Free-text search over diary number, case reference and description.

Each database uses its own full-text index: an FTS5 table kept by triggers on SQLite (migration
0002); on PostgreSQL a stored, generated tsvector column `search_document` with a GIN index
(migration 0007: a prefix match must recheck each candidate row, and reading the stored vector
is much cheaper than computing it again; the column is the database's, not a model field).
Every word the user types must match (as a prefix); an exact diary number always matches.

On SQLite, a migration that rebuilds the incident table (adding a check constraint does) drops
the triggers: such a migration starts with RunPython(sqlite_fulltext_drop, sqlite_fulltext_create)
and ends with RunPython(sqlite_fulltext_create, sqlite_fulltext_drop), as 0003 does.
"""

import re

from django.db import connection
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from breachdesk.incidents.models import Incident

MAX_TERMS = 8
_WORD = re.compile(r"[^\W_]+")

PG_DOCUMENT = (
    "to_tsvector('swedish'::regconfig, coalesce(\"incidents_incident\".\"diary_number\", '') "
    "|| ' ' || \"incidents_incident\".\"reference\" || ' ' || "
    '"incidents_incident"."description")'
)

SQLITE_FTS_SQL = [
    "CREATE VIRTUAL TABLE incidents_incident_fts USING fts5("
    "diary_number, reference, description, content='incidents_incident', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER incidents_incident_fts_ai AFTER INSERT ON incidents_incident BEGIN "
    "INSERT INTO incidents_incident_fts(rowid, diary_number, reference, description) "
    "VALUES (new.id, coalesce(new.diary_number, ''), new.reference, new.description); END",
    "CREATE TRIGGER incidents_incident_fts_ad AFTER DELETE ON incidents_incident BEGIN "
    "INSERT INTO incidents_incident_fts(incidents_incident_fts, rowid, diary_number, reference, "
    "description) VALUES ('delete', old.id, coalesce(old.diary_number, ''), old.reference, "
    "old.description); END",
    "CREATE TRIGGER incidents_incident_fts_au AFTER UPDATE OF diary_number, reference, "
    "description ON incidents_incident BEGIN "
    "INSERT INTO incidents_incident_fts(incidents_incident_fts, rowid, diary_number, reference, "
    "description) VALUES ('delete', old.id, coalesce(old.diary_number, ''), old.reference, "
    "old.description); "
    "INSERT INTO incidents_incident_fts(rowid, diary_number, reference, description) "
    "VALUES (new.id, coalesce(new.diary_number, ''), new.reference, new.description); END",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS incidents_incident_fts_au",
    "DROP TRIGGER IF EXISTS incidents_incident_fts_ad",
    "DROP TRIGGER IF EXISTS incidents_incident_fts_ai",
    "DROP TABLE IF EXISTS incidents_incident_fts",
]
PG_INDEX_SQL = [f"CREATE INDEX incident_fulltext ON incidents_incident USING gin ({PG_DOCUMENT})"]
PG_INDEX_DROP = ["DROP INDEX IF EXISTS incident_fulltext"]

PG_STORED_DOCUMENT = '"incidents_incident"."search_document"'
PG_STORED_SQL = [
    "ALTER TABLE incidents_incident ADD COLUMN search_document tsvector GENERATED ALWAYS AS "
    "(to_tsvector('swedish'::regconfig, coalesce(diary_number, '') || ' ' || reference "
    "|| ' ' || description)) STORED",
    "DROP INDEX IF EXISTS incident_fulltext",
    "CREATE INDEX incident_fulltext ON incidents_incident USING gin (search_document)",
]
PG_STORED_DROP = [
    "DROP INDEX IF EXISTS incident_fulltext",
    "ALTER TABLE incidents_incident DROP COLUMN IF EXISTS search_document",
    *PG_INDEX_SQL,
]


def search_terms(query: str) -> list[str]:
    return _WORD.findall(query)[:MAX_TERMS]


def incidents_matching(queryset: QuerySet[Incident], query: str) -> QuerySet[Incident]:
    """Narrow `queryset` to incidents whose text matches every word of `query`."""
    terms = search_terms(query)
    exact = query.strip()
    by_number = Q(diary_number=exact) | Q(diary_number=exact.upper())
    if not terms:
        return queryset.filter(by_number) if exact else queryset
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"{term}:*" for term in terms)
        matches = RawSQL(  # noqa: S611 - constant SQL, the words are a bound parameter
            f"{PG_STORED_DOCUMENT} @@ to_tsquery('swedish'::regconfig, %s)",
            [tsquery],
            output_field=BooleanField(),
        )
        return queryset.filter(Q(matches) | by_number)
    match = " ".join(f'"{term}"*' for term in terms)
    # The SQL is constant; the user's words travel only as a bound parameter.
    in_index = Q(
        pk__in=RawSQL(
            "SELECT rowid FROM incidents_incident_fts WHERE incidents_incident_fts MATCH %s",
            [match],
        )
    )
    return queryset.filter(in_index | by_number)


def _run(schema_editor: BaseDatabaseSchemaEditor, statements: dict[str, list[str]]) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def fulltext_create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Migration step: create the full-text index and fill it from the incidents."""
    _run(schema_editor, {"sqlite": SQLITE_FTS_SQL, "postgresql": PG_INDEX_SQL})
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "INSERT INTO incidents_incident_fts(incidents_incident_fts) VALUES ('rebuild')"
        )


def fulltext_drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Migration step: drop the full-text index."""
    _run(schema_editor, {"sqlite": SQLITE_FTS_DROP, "postgresql": PG_INDEX_DROP})


def postgresql_stored_document_create(
    apps: StateApps, schema_editor: BaseDatabaseSchemaEditor
) -> None:
    """Migration step: the stored search document and its index, on PostgreSQL."""
    _run(schema_editor, {"postgresql": PG_STORED_SQL})


def postgresql_stored_document_drop(
    apps: StateApps, schema_editor: BaseDatabaseSchemaEditor
) -> None:
    """Migration step back: the index over the computed document, as migration 0002 made it."""
    _run(schema_editor, {"postgresql": PG_STORED_DROP})


def sqlite_fulltext_create(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Migration step after a SQLite rebuild of the incident table (it drops the triggers)."""
    if schema_editor.connection.vendor == "sqlite":
        fulltext_create(apps, schema_editor)


def sqlite_fulltext_drop(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Migration step before a SQLite rebuild of the incident table."""
    if schema_editor.connection.vendor == "sqlite":
        fulltext_drop(apps, schema_editor)
