"""Upload -> preview -> confirm pages, shared by every importer (see ``imports.plans``)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import FormView, TemplateView

from core.access import PermissionRequired
from core.breadcrumbs import trail
from core.forms import PlainErrors
from core.models import ImportBatch
from imports import services
from imports.plans import Importer
from imports.tables_io import UnreadableFile, check_size


class UploadForm(PlainErrors, forms.Form):
    file = forms.FileField(
        label="Spreadsheet",
        help_text="A .xlsx, .csv or tab-separated .txt file.",
    )

    def __init__(self, *args, refused: str = "", **kwargs) -> None:
        """``refused``: why the upload was stopped as it arrived (``imports.uploads``), said in
        place of "choose a file"."""
        super().__init__(*args, **kwargs)
        if refused:
            self.fields["file"].error_messages["required"] = refused

    def clean_file(self):
        """Refuse a file over the limit here, so it is never stored nor logged as a batch."""
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class RevisionForm(PlainErrors, forms.Form):
    """The one reason recorded on every revision of a preview applied as revisions."""

    revision_reason = forms.CharField(
        label="Why are these values revised?",
        help_text='Recorded with each revision, e.g. "Late data confirmed by the owner".',
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter why these values are revised."},
    )


class ImporterMixin(LoginRequiredMixin, PermissionRequired):
    importer: Importer = None  # set by import_urls
    url_name: str = ""
    parent: tuple[str, str] = ()  # the page above the import page: (label, URL name)

    def get_permission_required(self) -> tuple[str]:
        return (self.importer.permission,)

    @property
    def start_url_name(self) -> str:
        """The upload page's URL name, with the including app's namespace."""
        namespace = self.request.resolver_match.namespace
        return f"{namespace}:{self.url_name}" if namespace else self.url_name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(title=self.importer.title, url_name=self.start_url_name)
        context["breadcrumbs"] = trail(*self.pages_above())
        return context

    def pages_above(self) -> list[tuple[str, str]]:
        return [self.parent] if self.parent else []


class ImportStartView(ImporterMixin, FormView):
    """Upload a file with the importer's options; shows its preview next."""

    template_name = "imports/start.html"
    form_class = UploadForm

    def get_form_kwargs(self) -> dict:
        kwargs = super().get_form_kwargs()  # reads the upload, which may be refused
        return {**kwargs, "refused": getattr(self.request, "upload_refused", "")}

    def get_options_form(self) -> forms.Form | None:
        options_form = getattr(self.importer, "options_form", None)
        if options_form is None:
            return None
        bound = self.request.method == "POST"  # an upload with no option ticked is still bound
        return options_form(self.request.POST if bound else None, prefix="options")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("options_form", self.get_options_form())
        # Only what the list shows: a batch's problems and changes can be megabytes each.
        context["recent"] = (
            ImportBatch.objects.filter(kind=self.importer.kind)
            .select_related("uploaded_by")
            .only("filename", "status", "uploaded_at", "uploaded_by")[:10]
        )
        return context

    def form_valid(self, form):
        options_form = self.get_options_form()
        if options_form is not None and not options_form.is_valid():
            return self.render_to_response(
                self.get_context_data(form=form, options_form=options_form)
            )
        upload = form.cleaned_data["file"]
        batch, _ = services.preview_import(
            importer=self.importer,
            data=upload.read(),
            filename=upload.name,
            options=options_form.cleaned_data if options_form else {},
            user=self.request.user,
        )
        return redirect(f"{self.start_url_name}-preview", pk=batch.pk)


class ImportPreviewView(ImporterMixin, TemplateView):
    """What the file would change; confirming applies exactly that or refuses with a reason."""

    template_name = "imports/preview.html"

    def pages_above(self) -> list[tuple[str, str]]:
        return [*super().pages_above(), (self.importer.title, self.start_url_name)]

    def get_batch(self) -> ImportBatch:
        return get_object_or_404(
            ImportBatch.objects.filter(kind=self.importer.kind), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.get_batch()
        context["batch"] = batch
        context["errors"] = [p for p in batch.problems if p["severity"] == "error"]
        context["warnings"] = [p for p in batch.problems if p["severity"] == "warning"]
        context["notes"] = [p for p in batch.problems if p["severity"] == "note"]
        # Past the listed ones, problems are counted by kind: the counts say how many in all.
        context["error_count"] = batch.counts.get("errors", len(context["errors"]))
        context["note_count"] = batch.counts.get("notes", len(context["notes"]))
        if services.offers_revisions(importer=self.importer, batch=batch):
            context.setdefault("revision_form", RevisionForm())
        return context

    def post(self, request, *args, **kwargs):
        batch = self.get_batch()
        reason = ""
        if "revise" in request.POST:
            form = RevisionForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(revision_form=form))
            reason = form.cleaned_data["revision_reason"]
        confirmation = services.confirm_import(
            importer=self.importer, batch=batch, user=request.user, revision_reason=reason
        )
        if confirmation.applied:
            messages.success(request, confirmation.message)
        else:
            messages.error(request, confirmation.message)
        return redirect(f"{self.start_url_name}-preview", pk=batch.pk)


def import_urls(
    *,
    importer: Importer,
    url_name: str,
    prefix: str = "import/",
    template_name: str = ImportStartView.template_name,
    parent: tuple[str, str] = (),
) -> list:
    """The two URL patterns of an importer's pages, named ``url_name`` and ``url_name-preview``
    (within the namespace of the app whose urls include them). ``template_name`` may extend
    ``imports/start.html`` to describe the file layout in its ``import_help`` block;
    ``parent`` (label, URL name) is the page above them in their breadcrumbs."""
    options = {"importer": importer, "url_name": url_name, "parent": parent}
    return [
        path(
            prefix, ImportStartView.as_view(template_name=template_name, **options), name=url_name
        ),
        path(
            f"{prefix}<int:pk>/", ImportPreviewView.as_view(**options), name=f"{url_name}-preview"
        ),
    ]
