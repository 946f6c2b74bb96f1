"""Demo narrative and recommendations for the demo month, so its pack opens with a summary (and
two areas with a paragraph of their own) and closes with the panel's recommendations (some
done, some in progress, two overdue).

Building a pack takes seconds (mostly typesetting the PDF), too long to add to every
``load_demo``, so the demo says how to build the demo month's pack instead.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q

from core.months import add_months
from indicators.models import Area, Indicator
from indicators.selectors import latest_month
from packs import services
from packs.models import Narrative, Recommendation, RecommendationStatus

NARRATIVE = (
    "Contacts and referrals rose in September, as they do each year when schools return: "
    "referrals were the highest of the year and the share of contacts that become referrals "
    "rose back to its usual level.\n\n"
    "Fewer Initial Child Protection Conferences were held, and a larger share of them on time. "
    "The number of children on a Child Protection Plan is steady but remains above our "
    "statistical neighbours; repeat plans rose and are reviewed below.\n\n"
    "Looked after children are stable in number. Visits within timescale and Pathway Plans "
    "remain short of target: both have an action in the recommendations appendix."
)
# Paragraphs that open an area's section, by the demo catalogue's area names.
AREA_NARRATIVES = {
    "CP": "Repeat Child Protection Plans rose for the third month running. A sample of 20 "
    "repeat plans is being audited (see the recommendations appendix): early findings point "
    "to plans ended before the family's support was in place.",
    "LAC": "Visits within timescale fell over the summer holidays as staff took leave; the "
    "weekly visit tracker has brought most overdue visits back in time. Pathway Plans remain "
    "the priority of the Pathways Through Care team.",
}
# (months before the demo month it was made, months it is due after that, text, status,
#  updates as (days after it was made, text))
RECOMMENDATIONS = (
    (6, 3, "Report the reasons for the fall in single assessments completed within 45 days, "
     "with a recovery plan.", RecommendationStatus.DONE,
     ((30, "Reasons reported to the panel: two vacancies in the assessment teams."),
      (80, "Recovery plan agreed; agency cover in place until April."))),
    (6, 4, "Audit a sample of repeat Child Protection Plans to learn why plans are repeated.",
     RecommendationStatus.IN_PROGRESS,
     ((45, "Sample of 20 cases chosen; audits allocated to practice managers."),)),
    (3, 2, "Bring visits to looked after children within timescale back above 85%.",
     RecommendationStatus.IN_PROGRESS,
     ((20, "Weekly visit tracker sent to team managers."),)),
    (3, 2, "Publish Pathway Plan completion by team each month.", RecommendationStatus.OPEN, ()),
    (0, 3, "Explain the rise in referrals in September against previous years.",
     RecommendationStatus.OPEN, ()),
    (3, 1, "Add the South East regional benchmarks to the pack.", RecommendationStatus.DONE,
     ((25, "Added to the pack from this month."),)),
)  # fmt: skip


def _owners() -> list:
    """The data owners of the sample's indicators, the demo owner first."""
    people = get_user_model().objects.filter(
        Q(username="owner") | Q(pk__in=Indicator.objects.values("owner"))
    )
    return sorted(people, key=lambda user: (user.username != "owner", user.last_name))


def load(*, stdout) -> None:
    month = latest_month()
    if month is None:
        return
    team = get_user_model().objects.filter(username="performance").first()
    if not Narrative.objects.filter(month=month).exists():
        areas = Area.objects.filter(name__in=AREA_NARRATIVES).values_list("pk", "name")
        services.save_narrative(
            month=month,
            summary=NARRATIVE,
            areas={pk: AREA_NARRATIVES[name] for pk, name in areas},
            user=team,
        )
    if not Recommendation.objects.exists():
        owners = _owners()
        for number, (made_ago, due_in, text, status, updates) in enumerate(RECOMMENDATIONS):
            made_on = add_months(month, -made_ago).replace(day=14)
            recommendation = services.save_recommendation(
                recommendation=Recommendation(
                    text=text,
                    owner=owners[number % len(owners)],
                    made_on=made_on,
                    due_date=add_months(made_on, due_in).replace(day=28),
                ),
                user=team,
            )
            for days, update in updates:
                services.add_update(
                    recommendation=recommendation,
                    day=made_on + timedelta(days=days),
                    text=update,
                    status=recommendation.status,
                    user=team,
                )
            if status != recommendation.status:
                recommendation.status = status
                services.save_recommendation(recommendation=recommendation, user=team)
        stdout.write(
            f"  Packs: a narrative of {month:%B %Y} and {len(RECOMMENDATIONS)} recommendations."
        )
    stdout.write(
        f"  Packs: build the {month:%B %Y} pack at /packs/build/ (performance team) or with "
        f"`manage.py build_pack --month {month:%Y-%m} --wait`; publish it for the viewer."
    )
