"""The definitions page: every definition a figure may be counted by, standard (in code,
versioned by release) and local (kept by analysts in the admin), in words, with the columns
of each list a local definition may read. Analysts only (``records.read_records``)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.access import may, permission_required
from records import selectors
from records.definition_words import describe
from records.lists import DATE, LISTS, TEXT
from records.local_definitions import columns_of


@permission_required("records.read_records")
def definitions(request: HttpRequest) -> HttpResponse:
    standard, local = selectors.all_definitions()
    context = {
        "standard": [(definition, describe(definition)) for definition in standard],
        "local": [(definition, describe(definition)) for definition in local],
        "lists": [
            (
                record_list,
                ", ".join(columns_of(record_list, DATE)),
                ", ".join(columns_of(record_list, TEXT)),
            )
            for record_list in LISTS
        ],
        "may_add": may(request.user, "core.use_admin")
        and may(request.user, "records.add_localdefinition"),
    }
    return render(request, "records/definitions.html", context)
