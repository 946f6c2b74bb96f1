"""Demo records: generated Annex A lists (no real person) from which September 2016's
figures of nine demo indicators are counted, and the mappings. The demo's records analyst
(``core.demo``'s "analyst") uploads them, and is of the performance team too, to store the
figures counted."""

import csv
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core import roles
from indicators.models import Indicator
from records import figures, services
from records.generated import demo_lists
from records.models import CountedIndicator, RecordUpload

ANALYST = "analyst"  # the demo's records analyst (core.demo.DEMO_USERS)
# The demo catalogue's indicators that a standard definition matches.
MAPPINGS = {
    "M1": "contacts",
    "M2": "referrals",
    "EH3": "assessments_completed",
    "EH4-QL": "assessments_45_days",
    "CP1": "s47_started",
    "CP3-QL": "icpc_15_days",
    "CP5-QL": "cp_second_subsequent",
    "CP6B": "cp_month_end",
    "LAC1": "cic_month_end",
}


def csv_of(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode()


def load(*, stdout) -> None:
    analyst = get_user_model().objects.get(username=ANALYST)
    analyst.groups.add(Group.objects.get(name=roles.PERFORMANCE_TEAM))
    by_ref = Indicator.objects.in_bulk(list(MAPPINGS), field_name="ref")
    for ref, definition in MAPPINGS.items():
        if ref in by_ref:
            CountedIndicator.objects.get_or_create(
                indicator=by_ref[ref], defaults={"definition": definition}
            )
    if RecordUpload.objects.exists():
        return
    files = [(f"{key}.csv", csv_of(rows)) for key, rows in demo_lists().items()]
    intake = services.check_files(files)
    upload = services.store_upload(
        intake=intake, filename="demo-annex-a (generated)", data=b"", user=analyst
    )
    services.confirm_upload(upload=upload, user=analyst)
    same = sum(not row.differs for row in figures.count_upload(upload=upload))
    stdout.write(
        f"Records: upload {upload.pk} of generated lists ({sum(intake.counts.values()):,} "
        f"records); {same} of {len(MAPPINGS)} September 2016 figures as held."
    )
