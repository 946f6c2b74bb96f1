"""Pages of the pack. Thin: permissions, the restricted querysets, then a service call.

The performance team builds, follows, publishes and reads every version; everyone else
with a role reads the published versions only (``PackQuerySet.restrict``).
"""

import secrets
from collections.abc import Iterator
from datetime import date
from typing import BinaryIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from core import clock
from core.access import PermissionRequired, may, permission_required, require
from core.generic_views import ObjectListView
from core.models import ReportingPeriod
from core.months import month_name
from packs import selectors, services, storage
from packs.filters import PackFilterSet, PublishedPackFilterSet, RecommendationFilterSet
from packs.forms import (
    BuildPackForm,
    NarrativeForm,
    RecommendationForm,
    RecommendationUpdateForm,
)
from packs.models import DOWNLOADABLE, FileKind, Pack, Recommendation
from packs.tables import PackTable, PublishedPackTable, RecommendationTable
from returns.forms import ReasonForm
from returns.selectors import month_overview, month_to_open


class PackListView(ObjectListView):
    queryset = selectors.packs_for_list()
    filterset_class = PackFilterSet
    table_class = PackTable
    title = "Performance packs"
    permission_required = "packs.view_published_pack"
    template_name = "packs/pack_list.html"
    export_formats = ()

    def _for_team(self) -> bool:
        """The performance team follows every build; readers see published versions only
        (``PackQuerySet.restrict``), without the build's internals."""
        return may(self.request.user, "packs.view_pack")

    def get_table_class(self):
        return PackTable if self._for_team() else PublishedPackTable

    def get_filterset_class(self):
        return PackFilterSet if self._for_team() else PublishedPackFilterSet


class BuildPackView(PermissionRequired, FormView):
    permission_required = "packs.build_pack"
    form_class = BuildPackForm
    template_name = "packs/build.html"

    def get_initial(self):
        """The month asked for (the month overview's "Build the pack"), else the newest."""
        asked = self.request.GET.get("month")
        newest = selectors.buildable_months()[:1]
        if asked:
            return {"month": asked}
        return {"month": f"{newest[0]:%Y-%m}"} if newest else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(build_seconds=selectors.expected_build_seconds(), **kwargs)

    def form_valid(self, form):
        month = form.cleaned_data["month"]
        try:
            request = services.request_build(month=month, user=self.request.user)
        except services.PackRefused as refusal:
            form.add_error(None, str(refusal))
            return self.form_invalid(form)
        if not request.created:
            messages.info(
                self.request,
                f"A build of {month:%B %Y} is already {request.pack.get_status_display().lower()}"
                f" (version {request.pack.version}): this is its progress.",
            )
        return redirect(request.pack)


def _readable(request: HttpRequest, month: date, version: int) -> Pack:
    """The version the reader may read, a dead build shown as failed (nothing is written)."""
    packs = selectors.packs_for_list().restrict(request.user, "view").for_month(month)
    return selectors.as_shown(get_object_or_404(packs, version=version))


def _detail(request: HttpRequest, pack: Pack) -> HttpResponse:
    files = {file.kind: file for file in pack.files.all()}
    html = files.get(FileKind.HTML) if pack.is_ready else None
    # Where the pack's own HTML goes: a mark no text of the page can contain by chance.
    mark = f"<!-- pack body {secrets.token_hex(16)} -->"
    user = request.user
    timings = selectors.last_build_timings() if pack.is_active else {}
    page = render_to_string(
        "packs/pack_detail.html",
        {
            "pack": pack,
            "title": f"Performance pack: {pack.month:%B %Y}",
            "downloads": [files[kind] for kind in DOWNLOADABLE if kind in files],
            "body": mark_safe(mark) if html else None,
            "can_publish": pack.is_ready
            and not pack.is_published
            and may(user, "packs.publish_pack"),
            "can_withdraw": pack.is_published and may(user, "packs.publish_pack"),
            "can_build": may(user, "packs.build_pack"),
            "progress": selectors.build_progress(pack, timings=timings, now=timezone.now()),
            "build_seconds": selectors.expected_build_seconds(),
            "month_to_open": _month_to_open(user, pack),
            "trail": may(user, "packs.view_pack") and selectors.publication_trail(pack),
            "newer": selectors.readable_versions(user=user, month=pack.month)
            .filter(version__gt=pack.version)
            .first(),
        },
        request=request,
    )
    if html is None:
        return HttpResponse(page)
    before, after = page.split(mark)
    body = storage.absolute(html.path).open("rb")  # opened now: a missing file fails here
    return StreamingHttpResponse(_around(before, body, after))


def _month_to_open(user, pack: Pack) -> date | None:
    """Once the pack is published, the cycle's next step: the month after, if not open."""
    if not (pack.is_published and may(user, "returns.manage_periods")):
        return None
    period = ReportingPeriod.objects.filter(month=pack.month).first()
    return period and month_to_open(period=period)


def _around(before: str, body: BinaryIO, after: str) -> Iterator[bytes]:
    """The page with the pack's HTML sent as it lies on disk.

    The pack's HTML (megabytes for a full catalogue; written and escaped by packs/_body.html
    at build time) is never decoded, copied into the page and encoded again: that cost more
    than the rest of the page.
    """
    yield before.encode()
    with body:
        while chunk := body.read(storage.CHUNK):
            yield chunk
    yield after.encode()


@login_required
def pack_detail(request: HttpRequest, month: date, version: int) -> HttpResponse:
    return _detail(request, _readable(request, month, version))


@login_required
def latest_pack(request: HttpRequest, month: date) -> HttpResponse:
    """The month's stable address: the newest version the reader may read."""
    pack = selectors.readable_versions(user=request.user, month=month).first()
    if pack is None:
        raise Http404("No pack of that month is ready for you to read.")
    return _detail(request, pack)


@login_required
def pack_status(request: HttpRequest, month: date, version: int) -> JsonResponse:
    """The build's progress, polled by ``static/packs/progress.js``."""
    pack = _readable(request, month, version)
    return JsonResponse(
        {
            "status": pack.status,
            "status_label": pack.get_status_display(),
            "stage": pack.stage,
            "progress": selectors.build_progress(
                pack, timings=selectors.last_build_timings(), now=timezone.now()
            ),
            "error": pack.error,
            "finished": not pack.is_active,
        }
    )


@login_required
def download(request: HttpRequest, month: date, version: int, kind: str) -> FileResponse:
    pack = _readable(request, month, version)
    file = next((f for f in pack.files.all() if f.kind == kind), None)
    if kind not in DOWNLOADABLE or file is None or not pack.is_ready:
        raise Http404("That pack has no such file.")
    return FileResponse(
        storage.absolute(file.path).open("rb"),
        as_attachment=True,
        filename=file.name,
        content_type=file.content_type,
    )


@require_POST
@permission_required("packs.publish_pack")
def publish_pack(request: HttpRequest, month: date, version: int) -> HttpResponse:
    """Publish a version once the team has seen what of its month is still provisional or
    missing: the pack page's button shows the confirmation page, whose button acts."""
    pack = _readable(request, month, version)
    if "confirm" not in request.POST and not pack.is_published:
        period = ReportingPeriod.objects.filter(month=pack.month).first()
        overview = period and month_overview(period=period, user=request.user, today=clock.today())
        context = {"pack": pack, "period": period, "overview": overview}
        return render(request, "packs/publish_confirm.html", context)
    try:
        services.publish(pack=pack, user=request.user)
    except services.PackRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"{pack} is published: readers of the packs can see it.")
    return redirect(pack)


@permission_required("packs.publish_pack")
def withdraw_pack(request: HttpRequest, month: date, version: int) -> HttpResponse:
    """Withdraw a published version from its readers: the page asks why, and its button
    confirms. The reason, who and when are kept in the pack's trail."""
    pack = _readable(request, month, version)
    if not pack.is_published:
        messages.info(request, f"{pack} is not published: there is nothing to withdraw.")
        return redirect(pack)
    form = ReasonForm(
        request.POST or None,
        label="Why are you withdrawing it?",
        help_text="For example the figure that was wrong. The reason is kept in the pack's "
        "trail with your name and the time.",
    )
    if form.is_valid():
        try:
            services.withdraw(pack=pack, user=request.user, reason=form.cleaned_data["reason"])
        except services.PackRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{pack} is withdrawn: readers no longer see it.")
            return redirect(pack)
    period = ReportingPeriod.objects.filter(month=pack.month).first()
    return render(
        request,
        "packs/withdraw_confirm.html",
        {
            "form": form,
            "pack": pack,
            "period": period,
            "title": f"Withdraw {pack}?",
            "submit": f"Yes, withdraw {pack}",
        },
    )


# --- Narrative and recommendations ---------------------------------------------------------


@permission_required("packs.change_narrative")
def edit_narrative(request: HttpRequest, month: date) -> HttpResponse:
    """The month's narrative: written before publishing, it opens the next build's pack."""
    form = NarrativeForm(
        request.POST or None,
        areas=selectors.narrative_areas(month),
        initial=NarrativeForm.initial_for(selectors.narrative_of(month)),
    )
    if request.method == "POST" and form.is_valid():
        services.save_narrative(
            month=month,
            summary=form.cleaned_data["summary"],
            areas=form.area_paragraphs(),
            user=request.user,
        )
        messages.success(
            request,
            f"The narrative of {month_name(month)} is saved. Build the pack again to include it.",
        )
        return redirect("packs:list")
    return render(
        request,
        "packs/narrative_form.html",
        {"form": form, "title": f"Narrative: {month_name(month)}", "month": month},
    )


class RecommendationListView(ObjectListView):
    queryset = Recommendation.objects.select_related("owner")
    filterset_class = RecommendationFilterSet
    table_class = RecommendationTable
    title = "Recommendations and actions"
    template_name = "packs/recommendation_list.html"


def _recommendation_form(request: HttpRequest, recommendation: Recommendation, title: str):
    form = RecommendationForm(request.POST or None, instance=recommendation)
    if request.method == "POST" and form.is_valid():
        saved = services.save_recommendation(recommendation=form.instance, user=request.user)
        messages.success(request, "The recommendation is saved.")
        return redirect(saved)
    return render(request, "packs/recommendation_form.html", {"form": form, "title": title})


@permission_required("packs.add_recommendation")
def add_recommendation(request: HttpRequest) -> HttpResponse:
    return _recommendation_form(request, Recommendation(), "Add a recommendation")


@permission_required("packs.change_recommendation")
def edit_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(
        Recommendation.objects.restrict(request.user, "change"), pk=pk
    )
    return _recommendation_form(request, recommendation, "Change the recommendation")


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A recommendation with its dated updates; the performance team adds one here."""
    recommendation = get_object_or_404(
        Recommendation.objects.restrict(request.user, "view").select_related("owner"), pk=pk
    )
    may_update = may(request.user, "packs.add_recommendationupdate")
    form = None
    if may_update:
        form = RecommendationUpdateForm(
            request.POST or None, initial={"status": recommendation.status}
        )
        if request.method == "POST" and form.is_valid():
            services.add_update(
                recommendation=recommendation,
                day=form.cleaned_data["date"],
                text=form.cleaned_data["text"],
                status=form.cleaned_data["status"],
                user=request.user,
            )
            messages.success(request, "The update is added.")
            return redirect(recommendation)
    elif request.method == "POST":
        require(request.user, "packs.add_recommendationupdate")
    return render(
        request,
        "packs/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "updates": recommendation.updates.select_related("recorded_by"),
            "overdue": recommendation.is_overdue_on(clock.today()),
            "form": form,
            "title": "Recommendation",
        },
    )
