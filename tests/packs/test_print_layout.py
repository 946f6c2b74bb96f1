"""The PDF's layout (issue 24: "no half-empty pages"): the caseloads section sets each
service's chart beside its table, two services to a page, and the two trend charts side by
side. One above the other, each service's chart and table took a page of their own."""

import pytest
from pypdf import PdfReader

from caseloads.models import Caseload, Practitioner, QualifyingStatus, Service, Team
from packs.models import FileKind
from tests.packs.conftest import MONTH
from tests.packs.test_content import build, path_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_services(small_month) -> list[Service]:
    """A caseload snapshot with practitioners in each of the five services."""
    status = QualifyingStatus.objects.get(name="NQSW")
    services = list(Service.objects.order_by("code"))
    for number, service in enumerate(services):
        team = Team.objects.create(name=f"{service.code} Team", service=service)
        for allocations in (4, 9, 13, 18, 22, 27):
            practitioner = Practitioner.objects.create(staff_id=f"P{number}{allocations:03}")
            Caseload.objects.create(
                month=MONTH, practitioner=practitioner, team=team, allocations=allocations,
                qualifying_status=status,
            )  # fmt: skip
    return services


def page_of(pages: list[str], text: str) -> int:
    return next(number for number, page in enumerate(pages) if text in page)


def test_two_services_charts_and_tables_share_a_page_and_the_trend_charts_one(
    settings, five_services
):
    settings.PACK_PDF_ENGINE = "weasyprint"
    reader = PdfReader(path_of(build(), FileKind.PDF))
    pages = [" ".join(page.extract_text().split()) for page in reader.pages]
    service_pages = [
        page_of(pages, f"{service.code}: {service.name} (threshold") for service in five_services
    ]
    assert len(five_services) == 5
    # five services on three pages at most; each page holds two, as far as they go
    assert len(set(service_pages)) <= 3, service_pages
    assert service_pages == sorted(service_pages)
    mean = page_of(pages, "Mean allocations per practitioner, month by month")
    at_or_over = page_of(pages, "at or over their service's threshold, month by month")
    assert mean == at_or_over
