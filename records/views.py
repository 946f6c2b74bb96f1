"""Pages of the records app: upload, an upload's check, a list's records and their CSV.

Every page needs ``records.read_records`` (the records analyst role): no other role
reaches a record. Each view or download of records is written to the audit trail.
"""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core import trail
from core.access import permission_required, require
from core.models import AuditEvent
from core.months import month_name, requested_month
from records import display, recounting, selectors, services
from records import figures as counting_figures
from records.checking import ERROR, NOTE, WARNING
from records.forms import ApplyCountsForm, RecordsUploadForm, RecountForm
from records.lists import LIST_BY_KEY
from records.models import RecordUpload

READ = "records.read_records"
PAGE_SIZE = 50


def analysts_only(view):
    return permission_required(READ)(view)


@analysts_only
def uploads(request: HttpRequest) -> HttpResponse:
    """The upload form and the uploads so far; a file with errors stores nothing."""
    form = RecordsUploadForm(request.POST or None, request.FILES or None)
    problems = None
    if request.method == "POST" and form.is_valid():
        files = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
        intake = services.check_files(files)
        names = ", ".join(name for name, _data in files)
        upload = services.store_upload(
            intake=intake,
            filename=names,
            data=b"".join(data for _n, data in files),
            user=request.user,
            request=request,
        )
        if upload is not None:
            return redirect("records:upload", pk=upload.pk)
        problems = {
            "errors": intake.of(ERROR),
            "warnings": intake.of(WARNING),
            "notes": intake.of(NOTE),
        }
    context = {
        "form": form,
        "problems": problems,
        "uploads": RecordUpload.objects.select_related("uploaded_by")[:20],
    }
    return render(request, "records/uploads.html", context)


@analysts_only
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(RecordUpload.objects.select_related("uploaded_by"), pk=pk)
    lists = [(LIST_BY_KEY[key], count) for key, count in upload.counts.items()]
    return render(request, "records/upload.html", {"upload": upload, "lists": lists})


@require_POST
@analysts_only
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    upload = get_object_or_404(RecordUpload, pk=pk, state=RecordUpload.State.PREVIEWED)
    if "discard" in request.POST:
        services.discard_upload(upload=upload, user=request.user, request=request)
        messages.success(request, f"Upload {pk} discarded: its records are deleted.")
        return redirect("records:uploads")
    services.confirm_upload(upload=upload, user=request.user, request=request)
    messages.success(request, f"Upload {pk} stored: its records may now be counted.")
    return redirect("records:upload", pk=pk)


@analysts_only
def records_list(request: HttpRequest, pk: int, list_key: str) -> HttpResponse:
    """One list's records of an upload (pseudonymised), a page at a time read from the
    database, or the whole list as CSV."""
    upload = get_object_or_404(RecordUpload, pk=pk)
    if list_key not in LIST_BY_KEY:
        raise Http404("No such list.")
    record_list = LIST_BY_KEY[list_key]
    if request.GET.get("format") == "csv":
        frame = selectors.records_frame(upload=upload, list_key=list_key)
        trail.record(
            action=AuditEvent.Action.SENSITIVE_VIEW,
            request=request,
            detail=f"Downloaded {record_list.title} of records upload {pk} as CSV "
            f"({frame.height:,} records).",
        )
        return csv_response(frame.columns, frame.iter_rows(), f"upload-{pk}-{list_key}.csv")
    records = selectors.records_in_order(upload=upload, list_key=list_key)
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    trail.record(
        action=AuditEvent.Action.SENSITIVE_VIEW,
        request=request,
        detail=f"Viewed {record_list.title} of records upload {pk}, page {page.number}.",
    )
    context = {
        "upload": upload,
        "record_list": record_list,
        "headings": display.headings(record_list),
        "rows": [display.cells(record_list, record) for record in page],
        "page": page,
    }
    return render(request, "records/records.html", context)


class Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(header, rows, filename: str) -> StreamingHttpResponse:
    """A CSV download; a cell starting with = + - @ is quoted as text for Excel."""
    writer = csv.writer(Echo())

    def safe(value: object) -> object:
        text = "" if value is None else str(value)
        return f"'{text}" if text[:1] in ("=", "+", "-", "@") else value

    def lines():
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([safe(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


STORING_IS_AN_IMPORT = "Storing figures is an import: it needs the performance team."


@analysts_only
def figures(request: HttpRequest, pk: int) -> HttpResponse:
    """Each counted indicator's figures beside the held values, differences first; confirm
    stores them as the months' values."""
    upload = get_object_or_404(RecordUpload, pk=pk)
    if upload.state in (RecordUpload.State.PREVIEWED, RecordUpload.State.PURGED):
        raise Http404("Only stored records are counted.")
    form = ApplyCountsForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "indicators.import_dataset", message=STORING_IS_AN_IMPORT)
    if request.method == "POST" and form.is_valid():
        try:
            applied = counting_figures.apply_counts(
                upload=upload,
                user=request.user,
                request=request,
                revision_reason=form.cleaned_data["revision_reason"],
                seen=form.cleaned_data["seen"],
            )
        except counting_figures.FiguresMoved as moved:
            messages.error(request, str(moved))
            return redirect("records:figures", pk=pk)
        messages.success(
            request,
            f"Stored {applied.created} new and {applied.changed} changed values, "
            f"{applied.revised} revised; {len(applied.held_back)} held back for a reason.",
        )
        return redirect("records:figures", pk=pk)
    # Counted here, for the page, not before a confirm: apply_counts counts again inside
    # its transaction, against the fingerprint of the page the analyst read.
    rows = counting_figures.count_upload(upload=upload)
    if not form.is_bound:
        form = ApplyCountsForm(initial={"seen": counting_figures.fingerprint(rows)})
    context = {
        "upload": upload,
        "rows": rows,
        "unfinished": counting_figures.unfinished_months(upload),
        "form": form,
        "differences": sum(row.differs for row in rows),
    }
    return render(request, "records/figures.html", context)


@analysts_only
def trace(request: HttpRequest, pk: int) -> HttpResponse:
    """The records behind one counted value: counted, denominator only, left out, and why."""
    upload = get_object_or_404(RecordUpload, pk=pk)
    ref = request.GET.get("ref", "")
    month = requested_month(request)
    if month is None or upload.state == RecordUpload.State.PURGED:
        raise Http404("Name the figure's ref and month.")
    try:
        row, detail = counting_figures.trace(upload=upload, ref=ref, month=month)
    except LookupError as error:
        raise Http404(str(error)) from None
    what = f"{ref}, {month_name(month)}, records upload {pk}"
    if request.GET.get("format") == "csv":
        trail.record(
            action=AuditEvent.Action.SENSITIVE_VIEW,
            request=request,
            detail=f"Downloaded the records behind {what} as CSV.",
        )
        return csv_response(
            detail.columns, detail.iter_rows(), f"upload-{pk}-{ref}-{month:%Y-%m}.csv"
        )
    page = Paginator(list(detail.iter_rows(named=True)), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    trail.record(
        action=AuditEvent.Action.SENSITIVE_VIEW,
        request=request,
        detail=f"Viewed the records behind {what}, page {page.number}.",
    )
    context = {"upload": upload, "row": row, "page": page, "month": month, "ref": ref}
    return render(request, "records/trace.html", context)


@analysts_only
def recount(request: HttpRequest) -> HttpResponse:
    """Figures counted by a definition changed since, beside their recount; confirming with
    a reason stores the recounts (``records.recounting``)."""
    form = RecountForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "indicators.import_dataset", message=STORING_IS_AN_IMPORT)
    if request.method == "POST" and form.is_valid():
        done = recounting.recount(
            user=request.user, reason=form.cleaned_data["reason"], request=request
        )
        messages.success(
            request,
            f"Recounted: {done.changed} values changed ({done.revised} as revisions), "
            f"{done.confirmed} the same; {len(done.not_recounted)} cannot be recounted.",
        )
        return redirect("records:recount")
    context = {"groups": recounting.stale_figures(), "form": form}
    return render(request, "records/recount.html", context)
