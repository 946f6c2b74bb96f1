"""The home page's pack panel: every reader of published packs - for the viewer role, the
scrutiny panel, it is the home page - sees the latest published pack's summary as that version
was built, in a fixed number of queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from core import roles
from indicators.calculations import Comparator
from indicators.models import Benchmark, Indicator, Target
from packs import services
from packs.models import FileKind, Pack, PackFile, Status
from tests.packs.conftest import MONTH
from tests.packs.test_content import build

pytestmark = pytest.mark.django_db


def panel_of(response) -> dict:
    (panel,) = [panel for panel in response.context["panels"] if "latest" in panel]
    return panel


def home_of(client) -> tuple[str, dict]:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), panel_of(response)


def test_a_viewer_is_told_plainly_when_no_pack_is_published(small_month, client_as):
    build()  # ready, not published: not for the viewer's eyes
    html, panel = home_of(client_as(roles.VIEWER))
    assert panel["latest"] is None
    assert "No pack has been published yet." in html


def test_a_viewers_home_is_the_latest_published_packs_summary(small_month, client_as, make_user):
    services.save_narrative(month=MONTH, summary="Contacts rose.\n\nPlans fell.", user=None)
    pack = services.publish(pack=build(), user=make_user(first_name="Ann", last_name="Lee"))
    html, panel = home_of(client_as(roles.VIEWER))

    latest = panel["latest"]
    assert latest.pack == pack
    # CP1 misses its target of 60 with 80 (down is good); the MASH ones have no target.
    assert [(area.area, area.cells) for area in latest.rag_by_area] == [
        ("MASH", [0, 0, 0, 2]),
        ("Child Protection", [1, 0, 0, 0]),
    ]
    assert latest.rag_totals == [1, 0, 0, 2]
    assert "The latest published pack: September 2016" in html
    assert "published" in html and "by Ann Lee" in html
    assert "<p>Contacts rose.</p>" in html and "<p>Plans fell.</p>" in html
    # RAG in words and colour, never colour alone.
    assert '<strong class="govuk-tag govuk-tag--red">Red</strong>' in html
    assert f'href="{pack.get_absolute_url()}"' in html
    for kind in (FileKind.PDF, FileKind.XLSX):
        assert f'href="/packs/2016-09/v{pack.version}/{kind}/"' in html


def test_the_summary_is_the_version_as_built_not_todays_figures(small_month, client_as):
    services.publish(pack=build(), user=None)
    Target.objects.filter(indicator__ref="CP1").update(value=Decimal(90))  # CP1 now green
    services.save_narrative(month=MONTH, summary="Written after publishing.", user=None)
    html, panel = home_of(client_as(roles.VIEWER))
    assert panel["latest"].rag_totals == [1, 0, 0, 2]
    assert "Written after publishing." not in html
    assert "The performance team has not written a summary of this month." in html


def test_a_viewers_home_lists_the_reds_and_ambers_as_the_version_showed_them(
    small_month, client_as
):
    """Which indicators are red or amber, reds first, with their figure, target (its sign
    first), change on the previous month and benchmarks, each linked to its row of the web
    pack - as the version said, not as the figures are today."""
    Target.objects.create(
        indicator=Indicator.objects.get(ref="M3"), financial_year=2016, value=Decimal(27),
        comparator=Comparator.BELOW,
    )  # fmt: skip  # 28% is within 5% of <27%: amber
    pack = services.publish(pack=build(), user=None)
    Target.objects.update(value=Decimal(99))  # both green today
    Benchmark.objects.update(value=Decimal(50))
    html, panel = home_of(client_as(roles.VIEWER))

    assert [(line["ref"], line["rag"]) for line in panel["latest"].judged] == [
        ("CP1", "red"),
        ("M3", "amber"),
    ]
    cp1, m3 = panel["latest"].judged
    assert (cp1["value"], cp1["target"], cp1["provisional"]) == ("80", "60", True)
    assert (cp1["change"], cp1["direction"], cp1["judgement"]) == (
        "↑ +60.0%", "Increase", "negative",
    )  # fmt: skip
    assert (m3["value"], m3["target"], m3["change"]) == ("28%", "<27%", "↑ +6.0 pts")
    assert m3["benchmarks"] == [
        {"group": "England", "figure": "22%", "year": "2015-16"}
    ]  # as the pack rounds it
    assert cp1["benchmarks"] == []
    for line in (cp1, m3):
        assert f'href="{pack.get_absolute_url()}#indicator-{line["indicator"]}"' in html
    assert "England 22% (2015-16)" in html and "&lt;27%" in html
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in html


def test_the_latest_is_the_newest_published_version_of_the_newest_month(client_as):
    def pack(month: date, version: int, *, published: bool) -> Pack:
        return Pack.objects.create(
            month=month, version=version, status=Status.READY,
            published_at=timezone.now() if published else None, rag_by_area=[],
        )  # fmt: skip

    pack(date(2016, 8, 1), 1, published=True)
    newest = pack(date(2016, 9, 1), 2, published=True)
    pack(date(2016, 9, 1), 1, published=True)
    pack(date(2016, 9, 1), 3, published=False)
    pack(date(2016, 10, 1), 1, published=False)
    for role in (roles.VIEWER, roles.PERFORMANCE_TEAM):
        html, panel = home_of(client_as(role))
        assert panel["latest"].pack == newest
        assert "This pack has no indicators." in html


def test_a_version_built_before_the_counts_were_kept_says_so(client_as):
    Pack.objects.create(month=MONTH, version=1, status=Status.READY, published_at=timezone.now())
    html, panel = home_of(client_as(roles.VIEWER))
    assert panel["latest"].rag_by_area is None
    assert "built before the portal kept its RAG counts" in html
    assert panel["latest"].judged is None
    assert "built before the portal kept its reds and ambers" in html


def test_a_version_with_no_red_or_amber_says_so(client_as):
    Pack.objects.create(
        month=MONTH, version=1, status=Status.READY, published_at=timezone.now(), judged=[]
    )
    html, _ = home_of(client_as(roles.VIEWER))
    assert "No indicator was red or amber against its target." in html


@pytest.mark.parametrize("count", [1, 40])
def test_the_home_page_costs_the_same_however_many_areas_and_packs(
    client_as, django_assert_max_num_queries, count
):
    for number in range(count):
        pack = Pack.objects.create(
            month=date(2000 + number // 12, number % 12 + 1, 1), version=1,
            status=Status.READY, published_at=timezone.now(),
            rag_by_area=[
                {"area": f"Area {area}", "red": area, "amber": 1, "green": 2, "none": 0}
                for area in range(count)
            ],
        )  # fmt: skip
        PackFile.objects.bulk_create(
            PackFile(pack=pack, kind=kind, path=f"packs/{pack.pk}.{kind}", size=10, sha256="0")
            for kind in FileKind
        )
    client = client_as(roles.VIEWER)
    with django_assert_max_num_queries(7):
        html, panel = home_of(client)
    assert len(panel["latest"].rag_by_area) == count
    assert [file.kind for file in panel["latest"].downloads] == [FileKind.PDF, FileKind.XLSX]
    assert f"Area {count - 1}" in html
