"""How a report came in: in Breachdesk by the reporter, or entered by a registrar from an
e-mail, a telephone call, a letter or a visit. Adding the column rebuilds the incident table
on SQLite, which drops the full-text triggers: they are dropped first and made again after,
as in 0003."""

from django.db import migrations, models

from breachdesk.incidents.search import sqlite_fulltext_create, sqlite_fulltext_drop


class Migration(migrations.Migration):
    dependencies = [("incidents", "0011_inform_reminders")]

    operations = [
        migrations.RunPython(sqlite_fulltext_drop, sqlite_fulltext_create),
        migrations.AddField(
            model_name="incident",
            name="channel",
            field=models.CharField(
                choices=[
                    ("breachdesk", "in Breachdesk, by the reporter"),
                    ("email", "by e-mail, entered by a registrar"),
                    ("phone", "by telephone, entered by a registrar"),
                    ("letter", "by letter, entered by a registrar"),
                    ("in_person", "in person, entered by a registrar"),
                ],
                default="breachdesk",
                max_length=12,
                verbose_name="how the report came in",
            ),
        ),
        migrations.RunPython(sqlite_fulltext_create, sqlite_fulltext_drop),
    ]
