"""The demo as a new user finds it: the sample file it was loaded from, imported again (the
first thing such a user tries), changes nothing - not even the benchmarks the demo gave years."""

from dataset_import.demo import SAMPLE
from dataset_import.importers import DatasetImporter


def test_the_sample_imported_again_changes_nothing(demo):
    again = DatasetImporter().plan(
        data=SAMPLE.read_bytes(), filename=SAMPLE.name, options={}, user=None
    )
    assert [(c.subject, c.field, c.old, c.new) for c in again.changes] == []
    assert (again.counts["catalogue changes"], again.counts["new"]) == (0, 0)
