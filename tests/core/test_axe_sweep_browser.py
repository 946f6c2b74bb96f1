"""One axe sweep (WCAG 2.2 AA, violations of every impact) of every page of the portal as
every role, on the demo data with its September 2016 pack built.

The pages are the routes of the permission matrix each role may open (the matrix is checked
against the URL configuration, so a new page is in it), the error state of every form (the
form classes are found in the code, so a new form must be given one here), the pages reached
by a button (confirmations, a lockout) and the error pages. One browser, one live server;
each failure names the role, the page and the rule.
"""

import csv
import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from audits.importers import AuditImporter
from audits.models import Audit, ServiceArea, Status
from caseloads.importers import CaseloadImporter
from core.roles import (
    OWNER,
    PERFORMANCE_TEAM,
    PRACTICE_MANAGER,
    QA_UNIT,
    RECORDS_ANALYST,
    REPORTER,
    VIEWER,
)
from dataset_import.importers import DatasetImporter
from imports import services as import_services
from indicators.catalogue import export_rows
from indicators.importers import CatalogueImporter
from indicators.models import MonthlyValue, ValueState
from packs import services as pack_services
from packs.models import Pack, Recommendation
from quality.models import ValidationRule
from records.models import RecordUpload
from returns.services.workflow import STEPS
from tests.accessibility import violations
from tests.conftest import TEST_PASSWORD
from tests.core.test_form_messages import portal_forms
from tests.security.test_permission_matrix import ANONYMOUS, MATRIX, NO_ROLE, ROLES, url_for

DEMO_MONTH, PUBLISHED_MONTH = date(2016, 9, 1), date(2016, 8, 1)
# The demo's users who play the roles of the matrix; the auditor of an allocated audit, found
# below, plays the matrix's auditor without a role (the demo's are practice managers, who may
# open at least what it may). The demo's records analyst is of the performance team too: it
# opens the records analyst's routes of the matrix, the records pages among them.
PLAYERS = {PERFORMANCE_TEAM: "performance", OWNER: "owner", REPORTER: "reporter",
           QA_UNIT: "qa", VIEWER: "viewer", PRACTICE_MANAGER: "pm.okafor",
           RECORDS_ANALYST: "analyst"}  # fmt: skip
# Pages that draw themselves after loading: what shows they are drawn.
DRAWN_BY_SCRIPT = {"api/docs/": ".swagger-ui .opblock"}
DENIED = "audit-trail/"


@dataclass(frozen=True)
class Demo:
    """The demo, with one object of each kind a URL names, and who plays each role."""

    players: dict[str, str | None]
    world: dict  # as the permission matrix's ``url_for`` reads it
    ids: dict[str, int | str]  # for the paths below


def _previews(*, user, ref: str) -> dict[str, int]:
    """An import preview of each kind: the dataset one changes ``ref`` in a published month
    (so it offers "Apply as revisions"), the catalogue one renames an indicator, the others
    have problems."""
    catalogue = io.StringIO()
    rows = export_rows()
    rows[1][1] = f"{rows[1][1]} (renamed)"
    csv.writer(catalogue).writerows(rows)
    files = {
        "dataset": (DatasetImporter(), "dataset.tsv", {}, (
            "Ref\tArea\tDescription\tData owner\tData accountability\t"
            f"{PUBLISHED_MONTH:%b %y}\tCommentary\n"
            f"{ref}\tMASH\tContacts\t\t\t9999\tRevised\n"
        )),
        "catalogue": (CatalogueImporter(), "catalogue.csv", {}, catalogue.getvalue()),
        "audits": (AuditImporter(), "audits.csv", {}, (
            "Month,Service Area,case_reference,AUDITOR,status,grade\n"
            "2016-09,SWF,CD999999,pm.reid,completed,Excellent\n"
        )),
        "caseloads": (CaseloadImporter(), "caseloads.csv", {"month": "2016-09"}, (
            "Practitioner,No. of Allocations,Qualifying Status,Allocated_Team\n"
            "P1,3,SW,YJS\nP2,4,SW,A team nobody knows\n"
        )),
    }  # fmt: skip
    return {
        kind: import_services.preview_import(
            importer=importer, data=text.encode(), filename=name, options=options, user=user
        )[0].pk
        for kind, (importer, name, options, text) in files.items()
    }


def demo_world() -> Demo:
    """On the demo with its pack built: an import preview of each kind, and the objects the
    sweep opens (a draft value of the demo owner and reporter, an audit still to record)."""
    team = get_user_model().objects.get(username=PLAYERS[PERFORMANCE_TEAM])
    value = MonthlyValue.objects.filter(
        month=DEMO_MONTH, state=ValueState.DRAFT, indicator__owner__username=PLAYERS[OWNER],
        indicator__reporter__username=PLAYERS[REPORTER],
    ).first()  # fmt: skip
    # Every reader of the API reads the values of published months.
    published = MonthlyValue.objects.filter(indicator=value.indicator, month=PUBLISHED_MONTH).get()
    audit = Audit.objects.filter(cycle__month=DEMO_MONTH, status=Status.ALLOCATED).first()
    batches = _previews(user=team, ref=value.indicator.ref)
    recommendation = Recommendation.objects.order_by("due_date").first()
    indicator = value.indicator
    pk = {
        "indicators/import/": batches["dataset"],
        "indicators/catalogue/import/": batches["catalogue"],
        "packs/recommendations/": recommendation.pk,
        "audits/import/": batches["audits"],
        "caseloads/import/": batches["caseloads"],
        "indicators/": indicator.pk,
        "returns/values/": value.pk,
        "audits/service-areas/": ServiceArea.objects.get(short_name="SWF").pk,
        "audits/": audit.pk,
        "quality/rules/": ValidationRule.objects.first().pk,
        "api/^indicators": indicator.pk,
        "api/^monthly-values": published.pk,
        "records/": RecordUpload.objects.get().pk,  # the demo's generated lists
    }
    return Demo(
        players={ANONYMOUS: None, **PLAYERS, NO_ROLE: audit.auditor.username},
        world={"pk": pk},
        ids={
            "value": value.pk,
            "audit": audit.pk,
            "recommendation": recommendation.pk,
            "dataset": batches["dataset"],
            "pack": Pack.objects.get(month=DEMO_MONTH).get_absolute_url(),
            "month": DEMO_MONTH.strftime("%Y-%m"),
            "published": PUBLISHED_MONTH.strftime("%Y-%m"),
        },
    )


@pytest.fixture
def swept_demo(demo) -> Demo:
    """The demo with its pack built, and what the sweep opens."""
    pack = Pack.objects.get(pk=pack_services.request_build(month=DEMO_MONTH).pack.pk)
    assert pack.is_ready, pack.error
    return demo_world()


# --- What a user does to reach a page ------------------------------------------------------


def blank_and_press(button: str, **fill: str) -> Callable:
    """Empty the boxes of the form of ``button`` (and choose the blank option of its lists),
    type ``fill`` (label: text), then press it."""

    def act(page) -> None:
        form = page.locator("main form").filter(
            has=page.get_by_role("button", name=button, exact=True)
        )
        for box in form.locator("input[type=text], input[type=number], textarea").all():
            if box.is_visible():
                box.fill("")
        for select in form.locator("select").all():
            if select.locator("option[value='']").count():
                select.select_option("")
        for label, text in fill.items():
            form.get_by_label(label, exact=True).fill(text)
        form.get_by_role("button", name=button, exact=True).click()

    return act


def press(button: str) -> Callable:
    return lambda page: page.get_by_role("button", name=button, exact=True).click()


def tick_and_press(label: str, button: str) -> Callable:
    def act(page) -> None:
        page.get_by_label(label, exact=True).check()
        page.get_by_role("button", name=button, exact=True).click()

    return act


@dataclass(frozen=True)
class ErrorState:
    forms: tuple[str, ...]  # the form classes whose errors the page shows
    role: str
    path: str  # formatted with ``Demo.ids``
    act: Callable


RETURN_STEP = next(step.name for step in STEPS if step.needs_reason)
ERROR_STATES = (
    ErrorState(("core.forms.SignInForm",), ANONYMOUS, "/login/", press("Sign in")),
    ErrorState(
        ("imports.views.UploadForm", "dataset_import.importers.DatasetImportOptions"),
        PERFORMANCE_TEAM,
        "/indicators/import/",
        press("Upload and preview"),
    ),
    ErrorState(
        ("imports.views.UploadForm",),
        PERFORMANCE_TEAM,
        "/indicators/catalogue/import/",
        press("Upload and preview"),
    ),
    ErrorState(
        ("imports.views.UploadForm",), QA_UNIT, "/audits/import/", press("Upload and preview")
    ),
    ErrorState(
        ("imports.views.UploadForm", "caseloads.forms.CaseloadImportOptionsForm"),
        PERFORMANCE_TEAM,
        "/caseloads/import/",
        blank_and_press("Upload and preview", **{"Month of the snapshot": "2016-13"}),
    ),
    ErrorState(
        ("imports.views.RevisionForm",),
        PERFORMANCE_TEAM,
        "/indicators/import/{dataset}/",
        blank_and_press("Apply as revisions"),
    ),
    ErrorState(
        ("returns.forms.ValueForm",),
        REPORTER,
        "/returns/values/{value}/",
        blank_and_press("Save", **{"Value for September 2016": "lots"}),
    ),
    ErrorState(
        ("returns.forms.ReasonForm",),
        OWNER,
        f"/returns/step/?step={RETURN_STEP}&monthly_values={{value}}",
        blank_and_press(next(s.label for s in STEPS if s.name == RETURN_STEP)),
    ),
    ErrorState(
        ("returns.forms.ReasonForm",),
        PERFORMANCE_TEAM,
        "/returns/periods/{published}/reopen/",
        blank_and_press("Reopen the month"),
    ),
    ErrorState(
        ("returns.forms.OpenPeriodForm",),
        PERFORMANCE_TEAM,
        "/returns/periods/open/",
        blank_and_press("Open the month"),
    ),
    ErrorState(
        ("audits.forms.AllocationForm",), QA_UNIT, "/audits/allocate/", blank_and_press("Allocate")
    ),
    ErrorState(
        ("audits.forms.RecordAuditForm",),
        NO_ROLE,
        "/audits/{audit}/record/",
        tick_and_press("Completed", "Save"),
    ),
    ErrorState(
        ("audits.forms.AllocationEditForm",),
        QA_UNIT,
        "/audits/{audit}/allocation/",
        blank_and_press("Save"),
    ),
    ErrorState(("audits.forms.CycleForm",), QA_UNIT, "/audits/cycles/new/", blank_and_press("Add")),
    ErrorState(
        ("audits.forms.ServiceAreaForm",),
        QA_UNIT,
        "/audits/service-areas/new/",
        blank_and_press("Add"),
    ),
    ErrorState(
        ("quality.forms.RuleForm",),
        PERFORMANCE_TEAM,
        "/quality/rules/new/",
        blank_and_press("Add the rule"),
    ),
    ErrorState(
        ("caseloads.forms.ReportMonthForm",), VIEWER, "/caseloads/?month=2099-01", lambda page: None
    ),
    ErrorState(("search.forms.SearchForm",), VIEWER, "/search/?q=" + "x" * 101, lambda page: None),
    ErrorState(
        ("packs.forms.NarrativeForm",),
        PERFORMANCE_TEAM,
        "/packs/{month}/narrative/",
        blank_and_press("Save"),
    ),
    ErrorState(
        ("packs.forms.RecommendationForm",),
        PERFORMANCE_TEAM,
        "/packs/recommendations/add/",
        blank_and_press("Save"),
    ),
    ErrorState(
        ("packs.forms.RecommendationUpdateForm",),
        PERFORMANCE_TEAM,
        "/packs/recommendations/{recommendation}/",
        blank_and_press("Add the update"),
    ),
)
# Forms a user cannot get wrong: their page is in the sweep, without an error state.
NO_ERROR_STATE = {
    "packs.forms.BuildPackForm": "a list of the months that can be built",
    # The records analyst's pages are swept with the matrix's; the error states of the
    # records' forms are swept in tests/records/test_browser.py.
    "records.forms.RecordsUploadForm": "swept in tests/records/test_browser.py",
    "records.forms.ApplyCountsForm": "swept in tests/records/test_browser.py",
    "records.forms.RecountForm": "swept in tests/records/test_browser.py",
}


@dataclass(frozen=True)
class Flow:
    """Buttons a role presses in turn, from a page; the page after each press is checked."""

    role: str
    path: str  # formatted with ``Demo.ids``
    buttons: tuple[str, ...]


FLOWS = (
    # A bulk step's confirmation with its counts (issue 26), before anything moves.
    Flow(REPORTER, "/returns/my-month/", ("Pass all the drafts to the owner",)),
    Flow(PERFORMANCE_TEAM, "/returns/overview/?month={month}", ("Lock September 2016",)),
    # The team publishes the pack, and the QA unit the audit analysis, for the roles after
    # them (in ``ROLES``) to read.
    Flow(PERFORMANCE_TEAM, "{pack}", ("Publish the pack", "Yes, publish")),
    Flow(QA_UNIT, "/audits/cycles/{month}/report/", ("Publish this analysis", "Yes, publish it")),
)


def test_every_form_has_an_error_state_in_the_sweep():
    swept = {name for state in ERROR_STATES for name in state.forms} | set(NO_ERROR_STATE)
    assert swept == {f"{form.__module__}.{form.__name__}" for form in portal_forms()}


# --- The sweep -----------------------------------------------------------------------------

# Each part of the page, as a CSS selector and its HTML without the form tokens that differ
# on each load: each child of the main content, and the document around the main content
# (its title and language too).
PARTS = """() => {
  const clean = element => {
    const copy = element.cloneNode(true);
    copy.querySelectorAll("input[name=csrfmiddlewaretoken], script").forEach(e => e.remove());
    return copy;
  };
  const main = document.querySelector("main");
  const children = main ? [...main.children] : [];
  const around = clean(document.documentElement);
  around.querySelector("main")?.replaceChildren();
  return [
    ...children.map((child, n) => [`main > :nth-child(${n + 1})`, clean(child).outerHTML]),
    ["around", around.outerHTML],
  ];
}"""


class Sweep:
    """Opens pages as each role and checks them, each distinct part once."""

    def __init__(self, browser, base_url: str, demo: Demo) -> None:
        self.browser, self.base_url, self.demo = browser, base_url, demo
        self.failures: list[str] = []
        self.seen: set[str] = set()

    def open_as(self, role: str):
        """A new page in its own browser context, signed in as the player of ``role``."""
        page = self.browser.new_context(base_url=self.base_url).new_page()
        page.set_default_timeout(15_000)
        if username := self.demo.players[role]:
            page.goto("/login/")
            page.get_by_label("Username").fill(username)
            page.get_by_label("Password").fill(TEST_PASSWORD)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url("**/")
        return page

    def check(self, page, role: str, what: str) -> None:
        """Check what this page shows that no page checked before showed: the pack, the same
        for every reader, is checked once, not once per role; a role's header, once a page."""
        parts = {
            selector: hashlib.sha256(html.encode()).hexdigest()
            for selector, html in page.evaluate(PARTS)
        }
        new = {selector for selector, digest in parts.items() if digest not in self.seen}
        if not new:
            return
        self.seen |= set(parts.values())
        if "around" in new:
            seen_children = [[selector] for selector in parts if selector not in new]
            context = {"exclude": seen_children} if seen_children else None
        else:
            context = {"include": [[selector] for selector in new]}
        self.failures += [f"{role}, {what}: {line}" for line in violations(page, context=context)]

    def routes(self, page, role: str) -> None:
        """Every route of the permission matrix that ``role`` may open, if it is a web page."""
        column = ROLES.index(role)
        for route, cells in MATRIX.items():
            if cells[column] != "ok":
                continue
            if "pk>" in route and not any(route.startswith(p) for p in self.demo.world["pk"]):
                pytest.fail(f"Name an object of the demo for {route} in demo_world().")
            url = url_for(self.demo.world, route)
            try:
                response = page.goto(url)
            except PlaywrightError as error:
                if "Download is starting" in error.message:
                    continue  # a file (audits/export/), not a page
                raise
            assert response.ok, f"{role}, {url}: {response.status}"
            if not response.headers["content-type"].startswith("text/html"):
                continue  # JSON, CSV or the schema
            if route in DRAWN_BY_SCRIPT:
                page.wait_for_selector(DRAWN_BY_SCRIPT[route])
            self.check(page, role, url)

    def error_states(self, page, role: str) -> None:
        for state in (state for state in ERROR_STATES if state.role == role):
            page.goto(state.path.format(**self.demo.ids))
            state.act(page)
            expect(page.locator(".govuk-error-summary"), f"{state.path}: no error").to_be_visible()
            self.check(page, role, f"{page.url} showing errors of {', '.join(state.forms)}")

    def flows(self, page, role: str) -> None:
        for flow in (flow for flow in FLOWS if flow.role == role):
            page.goto(flow.path.format(**self.demo.ids))
            for button in flow.buttons:
                with page.expect_navigation():
                    page.get_by_role("button", name=button).click()
                self.check(page, role, f"{page.url}, after pressing {button!r}")

    def error_pages(self, page, role: str) -> None:
        """The page of a URL that does not exist, and of the performance team's audit trail,
        which every other role is denied."""
        page.goto("/no-such-page/")
        self.check(page, role, "a page that does not exist")
        if MATRIX[DENIED][ROLES.index(role)] == "denied":
            page.goto(f"/{DENIED}")
            self.check(page, role, f"/{DENIED}, denied")

    def lockout(self) -> None:
        """The page of too many failed sign-ins (for a username of its own: nobody else is
        locked out)."""
        page = self.open_as(ANONYMOUS)
        for _ in range(settings.AXES_FAILURE_LIMIT + 1):
            page.goto("/login/")
            page.get_by_label("Username").fill("guesser")
            page.get_by_label("Password").fill("wrong")
            page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Too many failed sign-in attempts")).to_be_visible()
        self.check(page, ANONYMOUS, "too many failed sign-ins")
        page.context.close()


def sweep_portal(browser, base_url: str, demo: Demo) -> list[str]:
    """Every page as every role; what axe found, one line per rule and page."""
    sweep = Sweep(browser, base_url, demo)
    for role in ROLES:
        page = sweep.open_as(role)
        sweep.routes(page, role)
        sweep.error_states(page, role)
        sweep.error_pages(page, role)
        sweep.flows(page, role)
        page.context.close()
    sweep.lockout()
    return sweep.failures


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_finds_no_violation_on_any_page_for_any_role(browser, live_server, swept_demo):
    failures = sweep_portal(browser, live_server.url, swept_demo)
    assert failures == [], f"{len(failures)} violations:\n" + "\n".join(failures)
