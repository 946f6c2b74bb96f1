"""Site-wide search: indicators by ref or title, people by name, packs by month.

Each kind is read through its queryset's ``restrict(user, "view")``, the same rule as its
own pages, so a result always opens: a viewer finds the indicators of published packs and
the published packs, and nobody finds what they could not read. One query per kind, whatever
is found (people are found among the indicators the reader may open, since an owner or
reporter is a person of the portal by playing that part for an indicator).

Matching is by words, case-insensitive (``icontains``, the same on PostgreSQL and SQLite):
every word typed must appear in the ref or title (or the person's name). A month is read as
the dataset's headers write one ("September 2016", "sep 2016", "Sep-16", "2016-09"); a year
alone ("2016") or a month's name alone ("September") finds the packs of that year or month.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from core.months import MONTH_NAMES
from core.people import display_name
from dataset_import.dataset_file.headers import MONTH_NUMBERS, month_of_header
from indicators.models import Indicator
from packs.models import Pack, Status

SHOWN = 50  # results of one kind on the page; past it, the reader is asked to add a word
PEOPLE_ROWS = 1000  # indicators read to find people: the catalogue holds a few hundred
YEAR = re.compile(r"(?:19|20|21)\d{2}")


def words_of(query: str) -> list[str]:
    return query.split()


@dataclass(frozen=True)
class MonthTerm:
    """What a query says of months: one month, a year, or a month of any year."""

    month: date | None = None
    year: int | None = None
    month_number: int | None = None

    def lookups(self) -> Q | None:
        if self.month:
            return Q(month=self.month)
        if self.year:
            return Q(month__year=self.year)
        if self.month_number:
            return Q(month__month=self.month_number)
        return None


def month_term(query: str) -> MonthTerm:
    """The months ``query`` names, if any: "September 2016", "sep 2016", "2016-09", "2016",
    "September"."""
    text = query.strip()
    if month := month_of_header(text):
        return MonthTerm(month=month)
    if YEAR.fullmatch(text):
        return MonthTerm(year=int(text))
    if number := MONTH_NUMBERS.get(text.lower().rstrip(".")):
        return MonthTerm(month_number=number)
    return MonthTerm()


# --- Indicators -------------------------------------------------------------------------


def _every_word(words: Iterable[str], fields: Iterable[str]) -> Q:
    """Each word in at least one of ``fields``."""
    condition = Q()
    fields = tuple(fields)
    for word in words:
        either = Q()
        for name in fields:
            either |= Q(**{f"{name}__icontains": word})
        condition &= either
    return condition


def indicators(*, user, query: str) -> list[Indicator]:
    """Indicators ``user`` may open whose ref or title holds every word of ``query``: the
    ref typed exactly first, then refs that start with it, then in catalogue order.
    At most ``SHOWN + 1`` (one more says there are more)."""
    words = words_of(query)
    if not words:
        return []
    rank = Case(
        When(ref__iexact=query, then=Value(0)),
        When(ref__istartswith=query, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    found = (
        Indicator.objects.restrict(user, "view")
        .filter(_every_word(words, ("ref", "title")))
        .select_related("area")
        .annotate(rank=rank)
        .order_by("rank", "area__position", "area__name", "position", "ref")
    )
    return list(found[: SHOWN + 1])


# --- People -----------------------------------------------------------------------------

PERSON_FIELDS = {
    "owner": ("owner__first_name", "owner__last_name", "owner__username", "owner_name"),
    "reporter": (
        "reporter__first_name",
        "reporter__last_name",
        "reporter__username",
        "reporter_name",
    ),
}


@dataclass
class Person:
    """Someone who owns or reports indicators, named as every page names them
    (``Indicator.owner_label``): their account, else the name the dataset gives."""

    name: str
    account_id: int | None
    owns: list[Indicator] = field(default_factory=list)
    reports: list[Indicator] = field(default_factory=list)


def _named(name: str, words: list[str]) -> bool:
    folded = name.casefold()
    return bool(name) and all(word.casefold() in folded for word in words)


def _part(person, name_given: str) -> tuple[str, int | None]:
    """(the name shown, the account's key) of an indicator's owner or reporter."""
    if person is not None:
        return display_name(person), person.pk
    return name_given, None


def people(*, user, query: str) -> list[Person]:
    """Owners and reporters whose name holds every word of ``query``, each with the
    indicators ``user`` may open that they own and report, in name order."""
    words = words_of(query)
    if not words:
        return []
    either = _every_word(words, PERSON_FIELDS["owner"]) | _every_word(
        words, PERSON_FIELDS["reporter"]
    )
    rows: QuerySet[Indicator] = (
        Indicator.objects.restrict(user, "view")
        .filter(either)
        .select_related("owner", "reporter")
        .order_by("area__position", "area__name", "position", "ref")
    )
    found: dict[tuple[str, int | None], Person] = {}
    for indicator in rows[:PEOPLE_ROWS]:
        for part, person, name_given in (
            ("owns", indicator.owner, indicator.owner_name),
            ("reports", indicator.reporter, indicator.reporter_name),
        ):
            name, account_id = _part(person, name_given)
            if not _named(name, words):  # the words matched the other part, or a stale name
                continue
            key = (name.casefold(), account_id)
            entry = found.setdefault(key, Person(name=name, account_id=account_id))
            getattr(entry, part).append(indicator)
    return sorted(found.values(), key=lambda person: person.name.casefold())[: SHOWN + 1]


# --- Packs ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PackMonth:
    """A month's pack as the reader may read it: its newest ready version."""

    month: date
    version: int
    published_at: datetime | None

    @property
    def name(self) -> str:
        return f"{MONTH_NAMES[self.month.month - 1]} {self.month.year}"


def packs(*, user, query: str) -> list[PackMonth]:
    """The packs ``user`` may read of the months ``query`` names, newest month first: one
    entry a month, its newest ready version (what the month's address opens)."""
    lookups = month_term(query).lookups()
    if lookups is None:
        return []
    versions = (
        Pack.objects.restrict(user, "view")
        .filter(lookups, status=Status.READY)
        .order_by("-month", "-version")
        .values_list("month", "version", "published_at")
    )
    newest: dict[date, PackMonth] = {}
    for month, version, published_at in versions:
        newest.setdefault(month, PackMonth(month, version, published_at))
    return list(newest.values())[: SHOWN + 1]


@dataclass(frozen=True)
class Results:
    query: str
    indicators: list[Indicator]
    people: list[Person]
    packs: list[PackMonth]

    @property
    def count(self) -> int:
        return len(self.indicators) + len(self.people) + len(self.packs)


def search(*, user, query: str) -> Results:
    """Everything ``query`` finds that ``user`` may open: at most three queries."""
    return Results(
        query=query,
        indicators=indicators(user=user, query=query),
        people=people(user=user, query=query),
        packs=packs(user=user, query=query),
    )
