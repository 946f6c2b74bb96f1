"""Demo returns over the September 2016 sample, taken through the real workflow steps.

September 2015 to August 2016 are accepted, locked and published; September 2016 is open
with its due date, and its values are spread over the workflow: drafts of the demo
reporter (Catherine Parkin), values with the demo owner (Jane White), submitted values,
and one value returned at each level with its reason. The sample's values are kept.
"""

from django.contrib.auth import get_user_model

from core.models import ReportingPeriod
from indicators.models import Deputy, Hat, MonthlyValue
from quality.selectors import flags_for
from returns.services import periods, workflow

RETURNED_TO_REPORTER = (
    "The figure is lower than the weekly MASH report for September: please check it "
    "against the contact log before passing it on again."
)
RETURNED_TO_OWNER = (
    "The commentary explains last month's change, not this month's. Please update it."
)


# The sample holds commentary for September 2016 only. A value without commentary stays
# without it (pages say "no commentary"): a placeholder is not data. Only a value the checks
# flag needs an explanation to go on through the workflow; those few are given one that says
# plainly what it is.
FLAGGED_WITHOUT_COMMENTARY = (
    "Demo note: the September 2016 sample keeps no commentary for this month, and the checks "
    "flag this value; the demo passes it on with this note in place of the explanation."
)


def _explain_flagged(values) -> None:
    rows = list(values.filter(commentary="").select_related("indicator"))
    flagged = flags_for(monthly_values=rows)
    MonthlyValue.objects.filter(pk__in=[row.pk for row in rows if flagged[row.pk]]).update(
        commentary=FLAGGED_WITHOUT_COMMENTARY
    )


def _publish_history(*, months, team) -> None:
    for month in months:
        period = periods.open_period(user=team, month=month)
        values = MonthlyValue.objects.filter(month=month)
        _explain_flagged(values)
        for step in (workflow.pass_to_owner, workflow.submit, workflow.accept):
            step(user=team, monthly_values=values)
        periods.publish_period(user=team, period=periods.lock_period(user=team, period=period))


def _spread_current(*, month, team, owner, reporter) -> None:
    _explain_flagged(MonthlyValue.objects.filter(month=month))
    values = list(MonthlyValue.objects.filter(month=month).select_related("indicator"))
    theirs = [row for row in values if row.indicator.reporter_id == reporter.pk]
    others = [row for row in values if row.indicator.reporter_id != reporter.pk]
    # Catherine's: six drafts left; the rest passed to the owner, one returned to her.
    workflow.pass_to_owner(user=reporter, monthly_values=theirs[6:])
    returner = owner if theirs[6].indicator.owner_id == owner.pk else team
    workflow.return_to_reporter(
        user=returner, monthly_values=theirs[6:7], reason=RETURNED_TO_REPORTER
    )
    # The other reporters': three left as drafts (Catherine deputises for the first); the
    # rest passed on, half of those submitted, one of them returned to the owner, a few
    # accepted.
    Deputy.objects.create(indicator=others[0].indicator, hat=Hat.REPORTER, user=reporter)
    passed = others[3:]
    workflow.pass_to_owner(user=team, monthly_values=passed)
    submitted = passed[::2]
    workflow.submit(user=team, monthly_values=submitted)
    workflow.return_to_owner(user=team, monthly_values=submitted[:1], reason=RETURNED_TO_OWNER)
    workflow.accept(user=team, monthly_values=submitted[1:4])


def load(*, stdout) -> None:
    if ReportingPeriod.objects.exists():
        stdout.write("  Returns: already loaded.")
        return
    months = sorted(set(MonthlyValue.objects.values_list("month", flat=True)))
    if not months:
        stdout.write("  Returns: no monthly values to set up returns for.")
        return
    users = get_user_model().objects.in_bulk(
        ["performance", "owner", "reporter"], field_name="username"
    )
    team, owner, reporter = users["performance"], users["owner"], users["reporter"]
    _publish_history(months=months[:-1], team=team)
    current = periods.open_period(user=team, month=months[-1])
    _spread_current(month=current.month, team=team, owner=owner, reporter=reporter)
    stdout.write(
        f"  Returns: {len(months) - 1} months published; {current} open, "
        f"due {current.due_date:%-d %B %Y}."
    )
