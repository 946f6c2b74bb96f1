"""Pages of the monthly return. Thin: rules live in ``returns.services``, reads in selectors."""

from copy import copy
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core import clock, value_page_links
from core.access import may, permission_required
from core.generic_views import ObjectListView
from core.models import ReportingPeriod
from core.months import requested_month
from core.people import names
from core.report_downloads import download_response, requested_format
from indicators.models import Hat, ValueState
from quality.selectors import flags_for
from returns import selectors
from returns.downloads import month_overview_download
from returns.filters import OverviewFilterSet, PeriodFilterSet, ReturnFilterSet, StateFilterSet
from returns.forms import OpenPeriodForm, ReasonForm, ValueForm
from returns.services import periods, reminders, workflow
from returns.tables import BULK_FORM, MyMonthTable, OverviewTable, PeriodTable, ToSubmitTable

STEPS = {step.name: step for step in workflow.STEPS}
# Where /returns/ takes each role: the first of these pages the user may open.
LANDING = (
    ("returns.accept_values", "returns:overview"),
    ("returns.submit_values", "returns:to_submit"),
    ("returns.enter_values", "returns:my_month"),
)


# The return's pages of one value open to whoever plays a part in the return.
WORKFLOW = tuple(permission for permission, _ in LANDING)


@permission_required(*WORKFLOW, any_permission=True)
def index(request: HttpRequest) -> HttpResponse:
    return redirect(
        next(url_name for permission, url_name in LANDING if may(request.user, permission))
    )


def _next(request: HttpRequest, default: str) -> str:
    """Where to go after a step: the page it was taken from, if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _period(request: HttpRequest) -> ReportingPeriod | None:
    return selectors.period_for(user=request.user, month=requested_month(request))


class ReturnListView(ObjectListView):
    """A worklist: one month's values as lines with their computed columns, and bulk steps.

    ``hat`` narrows it to the values of the user's indicators as reporter or owner;
    ``bulk_steps`` are the steps its selection boxes can take.
    """

    queryset = selectors.return_values()
    filterset_class = StateFilterSet
    template_name = "returns/worklist.html"
    action = "change"
    hat: Hat | None = None
    bulk_steps: tuple[workflow.Step, ...] = ()
    all_label = ""  # the button that takes the first bulk step on every value it can
    intro = ""

    def get(self, request, *args, **kwargs):
        self.period = _period(request)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        if self.period is None:
            return super().get_queryset().none()
        monthly_values = super().get_queryset().filter(month=self.period.month)
        if self.hat:
            monthly_values = selectors.wearing(monthly_values, user=self.request.user, hat=self.hat)
        return monthly_values

    def get_table_data(self):
        if self.period is None:
            self.lines = []
        else:
            self.lines = selectors.return_lines(
                monthly_values=super().get_table_data(),
                period=self.period,
                today=clock.today(),
                # Only a table with the checks' column pays for working them out.
                with_flags="flags" not in self.table_class._meta.exclude,
            )
        return self.lines

    def get_table_kwargs(self):
        # Selection boxes only while the month is open: a locked month takes no steps.
        closed = self.period is None or not self.period.is_open
        return {"period": self.period, "exclude": ("select",) if closed else ()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        selectable = context["table"].selectable
        everything = self.bulk_steps[0].sources if self.bulk_steps else ()
        context.update(
            period=self.period,
            open_periods=selectors.open_periods(user=self.request.user),
            intro=self.intro,
            bulk_form=BULK_FORM,
            bulk_steps=self.bulk_steps,
            all_label=self.all_label,
            selectable=any(line.monthly_value.state in selectable for line in self.lines),
            everything=[
                line.monthly_value.pk
                for line in self.lines
                if line.monthly_value.state in everything
            ],
        )
        return context


class MyMonthView(ReturnListView):
    table_class = MyMonthTable
    title = "My month"
    permission_required = "returns.enter_values"
    hat = Hat.REPORTER
    bulk_steps = (workflow.PASS,)
    all_label = "Pass all the drafts to the owner"
    intro = (
        "The indicators you report, or deputise for. Open one to enter its value and "
        "commentary, then pass it to the owner to check."
    )


class ToSubmitView(ReturnListView):
    table_class = ToSubmitTable
    filterset_class = ReturnFilterSet
    title = "To submit"
    permission_required = "returns.submit_values"
    hat = Hat.OWNER
    bulk_steps = (workflow.SUBMIT, workflow.RETURN_TO_REPORTER)
    all_label = "Submit them all"
    intro = (
        "Values and commentary your reporters have passed to you. Check each one, then "
        "submit it to the performance team, or return it to the reporter with a reason."
    )

    def get_queryset(self):
        return super().get_queryset().filter(state=ValueState.WITH_OWNER)


class OverviewValuesView(ReturnListView):
    table_class = OverviewTable
    filterset_class = OverviewFilterSet
    title = "Values of the month"
    permission_required = "returns.accept_values"
    bulk_steps = (workflow.ACCEPT, workflow.RETURN_TO_OWNER)
    all_label = "Accept all the submitted values"
    intro = "Accept submitted values, or return them to the owner with a reason."


@permission_required("returns.accept_values")
def overview(request: HttpRequest) -> HttpResponse:
    """The month's progress; ``?_export=xlsx`` or ``csv`` downloads the same figures."""
    period = _period(request)
    month_overview = period and selectors.month_overview(
        period=period, user=request.user, today=clock.today()
    )
    if month_overview and (export_format := requested_format(request)):
        return download_response(month_overview_download(month_overview), export_format)
    return render(
        request,
        "returns/overview.html",
        {
            "title": "Month overview",
            "period": period,
            "overview": month_overview,
            "month_to_open": period and selectors.month_to_open(period=period),
            "periods": ReportingPeriod.objects.restrict(request.user, "view")[:24],
        },
    )


@permission_required(*WORKFLOW, any_permission=True)
def value_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One indicator's value for one month: its form, the steps it can take, its trail."""
    monthly_value = get_object_or_404(
        selectors.return_values().restrict(request.user, "change"), pk=pk
    )
    period = (
        ReportingPeriod.objects.restrict(request.user, "view")
        .filter(month=monthly_value.month)
        .first()
    )
    hats = workflow.hats_for(user=request.user, indicators=[monthly_value.indicator])
    refusal = workflow.edit_refusal(
        monthly_value=monthly_value, period=period, hats=hats[monthly_value.indicator_id]
    )
    companion = selectors.companion_value(monthly_value=monthly_value, user=request.user)
    previous = selectors.previous_value(monthly_value=monthly_value)
    form = None
    if refusal is None:
        form, done = _value_form(request, monthly_value, period=period, companion=companion)
        if done:
            return done
    return render(
        request,
        "returns/value.html",
        {
            "title": f"{monthly_value.indicator.ref}, {monthly_value.month:%B %Y}",
            "monthly_value": monthly_value,
            "indicator": monthly_value.indicator,
            "period": period,
            "refusal": refusal,
            "form": form,
            "steps": workflow.allowed_steps(
                user=request.user, monthly_value=monthly_value, period=period
            ),
            "companion": companion,
            "flags": flags_for(monthly_values=[monthly_value])[monthly_value.pk],
            "previous": previous,
            "figures": selectors.month_figures(monthly_value=monthly_value, previous=previous),
            "events": selectors.value_events(monthly_value=monthly_value),
            "value_links": value_page_links.links_for(request, monthly_value),
            "next": _next(request, reverse("returns:index")),
        },
    )


def _value_form(request, monthly_value, *, period, companion):
    """The value form, and the redirect to answer with once it saved (None while it has not)."""
    options = {"monthly_value": monthly_value, "revision": bool(period and period.was_published)}
    if request.method != "POST":
        return ValueForm(**options), None
    if "as_above" in request.POST and companion:
        data = request.POST.copy()
        data["commentary"] = selectors.as_above(companion)
        return ValueForm(data, **options), None
    form = ValueForm(request.POST, **options)
    if not form.is_valid():
        return form, None
    then = request.POST.get("then")
    if refusal := _blank_refusal(monthly_value, form.cleaned_data, step=STEPS.get(then)):
        form.add_error("blank_reason", refusal)  # beside the choice that answers it
        return form, None
    try:
        workflow.save_value(
            user=request.user,
            monthly_value=monthly_value,
            version=form.cleaned_data["version"],
            value=form.cleaned_data["value"],
            commentary=form.cleaned_data["commentary"],
            blank_reason=form.cleaned_data["blank_reason"],
            blank_reason_text=form.cleaned_data["blank_reason_text"],
            reason=form.cleaned_data.get("reason", ""),
            then=then if then in workflow.FORWARD else None,
        )
    except workflow.StaleVersion as refusal:
        return _kept(request, monthly_value, options, str(refusal)), None
    except workflow.ReturnRefused as refusal:
        form.add_error(None, str(refusal))
        return form, None
    step = STEPS.get(then)
    messages.success(
        request,
        f"{monthly_value.indicator.ref} saved"
        + (f" and {step.action.label.lower()}." if step else "."),
    )
    fallback = reverse("returns:value", kwargs={"pk": monthly_value.pk})
    return None, redirect(_next(request, fallback) if step else fallback)


def _blank_refusal(monthly_value, cleaned: dict, *, step) -> str | None:
    """The service's refusal of a blank without its reason, for the value as typed, so that
    the page can put it on the question it asks; the service checks again as it moves."""
    if step is None or step.needs_reason:
        return None
    typed = copy(monthly_value)
    typed.value, typed.blank_reason = cleaned["value"], cleaned["blank_reason"]
    return workflow.blank_refusal(step, monthly_value=typed)


def _kept(request, monthly_value, options, message: str) -> ValueForm:
    """The user's form, text kept, against the version now saved (shown on the page), so
    that saving again is a deliberate choice over the other person's change."""
    monthly_value.refresh_from_db()
    data = request.POST.copy()
    data["version"] = monthly_value.version
    form = ValueForm(data, **options)
    form.is_valid()
    form.add_error(None, message)
    form.stale = True
    return form


@permission_required(*WORKFLOW, any_permission=True)
def step_page(request: HttpRequest) -> HttpResponse:
    """Take a step on the chosen values: forward steps at once; a return asks for its reason."""
    params = request.POST if request.method == "POST" else request.GET
    step = STEPS.get(params.get("step"))
    if step is None:
        raise Http404("No such step.")
    chosen = (
        selectors.return_values()
        .restrict(request.user, "change")
        .filter(pk__in=[pk for pk in params.getlist("monthly_values") if pk.isdigit()])
    )
    fallback = reverse("returns:index")
    if not step.needs_reason:
        if request.method != "POST":
            raise Http404("Steps are taken with the page's buttons.")
        if "confirm" not in request.POST and len(chosen) > 1:
            return _confirm_bulk(request, step, chosen, fallback=fallback)
        return _take_in_bulk(request, step, chosen, fallback=fallback)
    form = ReasonForm(
        request.POST if "confirm" in request.POST else None,
        label="Why are you returning it?",
        help_text=_who_hears(step, chosen),
    )
    if form.is_valid():
        return _take(request, step, chosen, fallback=fallback, reason=form.cleaned_data["reason"])
    return render(
        request,
        "returns/step.html",
        {
            "title": step.action.label,
            "step": step,
            "form": form,
            "chosen": list(chosen),
            "next": _next(request, fallback),
        },
    )


def _confirm_bulk(request, step, chosen, *, fallback: str) -> HttpResponse:
    """A step on several values asks first, with its counts: how many it moves and which it
    cannot, and why. A page of its own, so it works by keyboard and without JavaScript."""
    outcome = workflow.preview(step, user=request.user, monthly_values=chosen)
    count = len(outcome.taken)
    return render(
        request,
        "returns/step_confirm.html",
        {
            "title": f"{step.label}: {count} value{'' if count == 1 else 's'}?",
            "step": step,
            "outcome": outcome,
            "next": _next(request, fallback),
        },
    )


def _take_in_bulk(request, step, chosen, *, fallback: str) -> HttpResponse:
    try:
        outcome = workflow.take_in_bulk(step, user=request.user, monthly_values=chosen)
    except workflow.ReturnRefused as refusal:
        messages.error(request, f"Nothing was changed. {refusal}")
    else:
        refs = ", ".join(row.indicator.ref for row in outcome.taken)
        messages.success(request, f"{step.action.label}: {refs}.")
        if outcome.refused:
            left = len(outcome.refused)
            messages.warning(
                request,
                f"{left} left as {'it was' if left == 1 else 'they were'}: "
                + " ".join(outcome.refused),
            )
    return redirect(_next(request, fallback))


def _who_hears(step, chosen) -> str:
    """The reason's hint, saying honestly who is e-mailed it: a person with no e-mail address
    in the portal sees it only with the value, on their worklist."""
    emailed, unreachable = selectors.returned_to(
        monthly_values=chosen.select_related("indicator__owner", "indicator__reporter"),
        hat=reminders.RETURN_TO[step.action],
    )
    said = ["Say what needs fixing. It is shown with the value"]
    if emailed:
        said.append(f" and e-mailed to {names(emailed)}")
    said.append(".")
    if unreachable:
        has = "has" if len(unreachable) == 1 else "have"
        said.append(
            f" {names(unreachable)} {has} no e-mail address in the portal, so "
            f"{'is' if len(unreachable) == 1 else 'are'} not e-mailed: they see it on their "
            "worklist."
        )
    return "".join(said)


def _take(request, step, chosen, *, fallback: str, reason: str = "") -> HttpResponse:
    take = workflow.RETURN[step.name] if step.needs_reason else workflow.FORWARD[step.name]
    options = {"reason": reason} if step.needs_reason else {}
    try:
        moved = take(user=request.user, monthly_values=chosen, **options)
    except workflow.ReturnRefused as refusal:
        messages.error(request, f"Nothing was changed. {refusal}")
    else:
        refs = ", ".join(row.indicator.ref for row in moved)
        messages.success(request, f"{step.action.label}: {refs}.")
    return redirect(_next(request, fallback))


class PeriodListView(ObjectListView):
    queryset = ReportingPeriod.objects.all()
    filterset_class = PeriodFilterSet
    table_class = PeriodTable
    title = "Reporting periods"
    permission_required = "returns.manage_periods"
    template_name = "returns/periods.html"


@permission_required("returns.manage_periods")
def open_period(request: HttpRequest) -> HttpResponse:
    form = OpenPeriodForm(request.POST or None)
    if form.is_valid():
        try:
            period = periods.open_period(
                user=request.user,
                month=form.cleaned_data["month"],
                due=form.cleaned_data["due_date"],
            )
        except workflow.ReturnRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request, f"{period} is open for returns, due {period.due_date:%-d %B %Y}."
            )
            return redirect(_overview_url(period))
    return render(
        request,
        "returns/form.html",
        {"title": "Open a month for returns", "form": form, "submit": "Open the month"},
    )


def _overview_url(period: ReportingPeriod) -> str:
    return f"{reverse('returns:overview')}?month={period.month:%Y-%m}"


def _managed_period(request: HttpRequest, month: date) -> ReportingPeriod:
    return get_object_or_404(ReportingPeriod.objects.restrict(request.user, "view"), month=month)


STEP_SERVICES = {"lock": periods.lock_period, "publish": periods.publish_period}


@permission_required("returns.manage_periods")
@require_POST
def period_step(request: HttpRequest, month: date, step: str) -> HttpResponse:
    """Lock or publish a month, once the team has seen what is still provisional or missing:
    the overview's button shows the confirmation page, whose button (``confirm``) acts."""
    if step not in STEP_SERVICES:
        raise Http404("A month can be locked or published here.")
    period = _managed_period(request, month)
    if "confirm" not in request.POST and step in period.steps:
        return render(
            request,
            "returns/period_confirm.html",
            {
                "title": f"{step.capitalize()} {period}",
                "step": step,
                "period": period,
                "overview": selectors.month_overview(
                    period=period, user=request.user, today=clock.today()
                ),
            },
        )
    try:
        period = STEP_SERVICES[step](user=request.user, period=period)
    except workflow.ReturnRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{period} is {period.get_status_display().lower()}.")
    return redirect(_overview_url(period))


@permission_required("returns.manage_periods")
def reopen_period(request: HttpRequest, month: date) -> HttpResponse:
    period = _managed_period(request, month)
    form = ReasonForm(
        request.POST or None,
        label="Why are you reopening it?",
        help_text="For example the late data that arrived. The reason is kept with the month; "
        "changes to a published month are shown as revisions.",
    )
    if form.is_valid():
        try:
            period = periods.reopen_period(
                user=request.user, period=period, reason=form.cleaned_data["reason"]
            )
        except workflow.ReturnRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{period} is open again.")
            return redirect(_overview_url(period))
    return render(
        request,
        "returns/form.html",
        {"title": f"Reopen {period}", "form": form, "submit": "Reopen the month"},
    )
