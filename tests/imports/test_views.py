"""The import pages shared by every importer."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import roles
from core.models import ImportBatch


def test_the_import_page_lists_recent_imports_without_loading_their_details(client_as):
    """Issue 25: the page took 2.4 s for everyone, loading recent batches' 12 MB of notes."""
    client = client_as(roles.PERFORMANCE_TEAM)
    for number in range(12):
        ImportBatch.objects.create(
            kind="dataset", filename=f"file{number}.csv", sha256="0", size=1, fingerprint="0",
            problems=[{"text_in_words": "note"}] * 1_000, changes=[{"new": "x"}] * 1_000,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/indicators/import/")
    assert page.status_code == 200 and "file11.csv" in page.content.decode()
    batches = [q["sql"] for q in queries if 'FROM "core_importbatch"' in q["sql"]]
    assert len(batches) == 1
    assert '"problems"' not in batches[0] and '"changes"' not in batches[0]
