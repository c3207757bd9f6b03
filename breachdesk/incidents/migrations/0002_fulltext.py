"""Full-text index of diary number, reference and description, in each database's own way."""

from django.db import migrations

from breachdesk.incidents.search import fulltext_create, fulltext_drop


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(fulltext_create, fulltext_drop)]
