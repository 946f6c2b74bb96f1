import importlib
import re
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from core import roles
from indicators.models import (
    COMMENTARY_MAX_LENGTH,
    ChangeKind,
    Deputy,
    Hat,
    Indicator,
    MonthlyValue,
    Target,
    ref_clash,
)
from tests.indicators.factories import add_values, make_indicator

pytestmark = pytest.mark.django_db


def test_refs_are_unique_whatever_their_case_and_kept_as_written():
    """Issue 25: the catalogue accepted ``cp6b-ni`` beside ``CP6B-NI``."""
    make_indicator("CP6B-NI")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator("cp6b-ni")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_indicator("CP6B-NI")
    assert list(Indicator.objects.values_list("ref", flat=True)) == ["CP6B-NI"]


def test_validation_names_the_ref_differing_only_in_case():
    make_indicator("M1")
    other = make_indicator("M2")
    other.ref = "m1"
    with pytest.raises(ValidationError) as refused:
        other.full_clean()
    assert refused.value.message_dict == {"ref": [ref_clash(ref="m1", other="M1")]}
    other.ref = "M2"
    other.full_clean()  # its own ref is no clash


@pytest.mark.postgresql("migrates inside the test transaction, as SQLite cannot")
def test_the_migration_refuses_refs_differing_only_in_case_naming_them():
    migration = importlib.import_module("indicators.migrations.0017_ref_unique_whatever_its_case")
    constraint = next(
        c for c in Indicator._meta.constraints if c.name == "ref_unique_whatever_its_case"
    )
    with transaction.atomic():
        with connection.schema_editor() as editor:
            editor.remove_constraint(Indicator, constraint)
        for ref in ("M1", "m1", "LAC10", "lac10", "Lac10", "M2"):
            make_indicator(ref)
        with pytest.raises(RuntimeError) as refused:
            migration.refuse_refs_differing_only_in_case(django_apps, None)
        transaction.set_rollback(True)
    assert str(refused.value).startswith(
        'Refs must differ by more than their upper or lower case, and these do not: "LAC10" '
        'and "Lac10" and "lac10"; "M1" and "m1". Rename'
    )


def test_one_value_per_indicator_and_month():
    indicator = make_indicator()
    add_values(indicator, {date(2016, 9, 1): "1"})
    with pytest.raises(IntegrityError), transaction.atomic():
        add_values(indicator, {date(2016, 9, 1): "2"})


def test_month_must_be_first_day():
    indicator = make_indicator()
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyValue.objects.create(indicator=indicator, month=date(2016, 9, 2))


def test_missing_value_is_stored_as_null_not_zero():
    indicator = make_indicator()
    add_values(indicator, {date(2016, 9, 1): None})
    assert MonthlyValue.objects.get().value is None


def test_commentary_past_the_limit_fails_validation_for_the_admin_and_its_import():
    value = MonthlyValue(
        indicator=make_indicator(), month=date(2016, 9, 1), commentary="x" * COMMENTARY_MAX_LENGTH
    )
    value.full_clean()
    value.commentary += "x"
    with pytest.raises(ValidationError, match="at most 5000 characters"):
        value.full_clean()


def test_active_in_and_is_active_in():
    from indicators.models import Indicator

    old = make_indicator("OLD", active_to=date(2016, 7, 1))
    new = make_indicator("NEW", active_from=date(2016, 8, 1))
    always = make_indicator("ALL")
    active = set(Indicator.objects.active_in(date(2016, 9, 1)))
    assert active == {new, always}
    assert old.is_active_in(date(2016, 7, 1)) and not new.is_active_in(date(2016, 7, 1))


def test_target_names_its_financial_year():
    target = Target.objects.create(indicator=make_indicator(), financial_year=2016, value=80)
    assert str(target) == "M1 2016-17"


def test_played_by_names_the_indicators_a_user_reports_owns_or_deputises_for(make_user):
    """Issue 27: one statement of who plays which part for an indicator."""
    rita, olive, dora, rob = (make_user(roles.REPORTER) for _ in range(4))
    reported = make_indicator("M1", reporter=rita, owner=olive)
    deputised = make_indicator("M2", reporter=rob, owner=olive)
    Deputy.objects.create(indicator=deputised, hat=Hat.REPORTER, user=dora)
    Deputy.objects.create(indicator=reported, hat=Hat.OWNER, user=dora)
    make_indicator("M3", reporter=rob)

    def refs(user, hat=None) -> list[str]:
        return sorted(Indicator.objects.played_by(user, hat=hat).values_list("ref", flat=True))

    assert refs(rita) == refs(rita, Hat.REPORTER) == ["M1"]
    assert refs(rita, Hat.OWNER) == []
    assert refs(olive, Hat.OWNER) == ["M1", "M2"]
    assert refs(dora, Hat.REPORTER) == ["M2"]  # a deputy plays only the part deputised for
    assert refs(dora, Hat.OWNER) == ["M1"]
    assert refs(dora) == ["M1", "M2"]
    assert refs(rob) == ["M2", "M3"]
    assert refs(AnonymousUser()) == []


# Who plays a part for an indicator is stated once, in ``IndicatorQuerySet.played_by`` (and
# its other side, ``people_playing``): nowhere else may read deputies or filter on the
# indicator's reporter or owner being a given user.
ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "imports", "indicators", "quality", "returns", "packs", "api", "dataset_import",
        "audits", "caseloads")  # fmt: skip
SECOND_STATEMENTS = re.compile(
    r"Deputy\.objects\.(?!create\b)"  # reading deputies (the demo creates them)
    r"|(?:indicator__)?(?:reporter|owner)\s*=\s*(?:user|request\.user)\b"
    r"|\*\*\{\s*(?:f\"indicator__\{hat\}\"|hat)\s*:\s*user"  # a filter built from a hat
    r"|\{hat\}_id\"\)\s*==\s*user"  # a hat compared in Python
)


def test_who_plays_a_part_is_stated_only_in_indicators_models():
    home = ROOT / "indicators" / "models.py"
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if path != home and "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if SECOND_STATEMENTS.search(line)
    ]
    assert found == []
    assert SECOND_STATEMENTS.search('Deputy.objects.filter(user=user, hat="owner")')
    assert SECOND_STATEMENTS.search("MonthlyValue.objects.filter(indicator__reporter=user)")
    assert SECOND_STATEMENTS.search('Q(**{f"indicator__{hat}": user}) | Q(Exists(deputising))')
    assert SECOND_STATEMENTS.search('getattr(indicator, f"{hat}_id") == user.pk')


def test_the_migration_gives_each_history_record_the_kind_its_reason_meant():
    """Issue 27: the reasons the portal wrote before the kind existed, read once into it."""
    migration = importlib.import_module("indicators.migrations.0019_value_history_change_kind")
    reasons = {
        "Reporting period opened": ChangeKind.OPENED,
        "Edited": ChangeKind.ENTERED,
        None: ChangeKind.ENTERED,  # the admin's save
        "Imported": ChangeKind.IMPORTED,
        "Revision by import (revisions allowed): the LA figure was late": (
            ChangeKind.IMPORT_REVISION
        ),
        "Cleared: the indicator is derived, its value computed from its counts (0012)": (
            ChangeKind.DERIVED
        ),
        "Revised after publication: Late data": ChangeKind.REVISION,
        "Passed to the owner": ChangeKind.STEP,
        "Returned to the reporter: Please check the figure.": ChangeKind.STEP,
        "Accepted": ChangeKind.STEP,
    }
    months = [date(2016, month, 1) for month in range(1, len(reasons) + 1)]
    values = add_values(make_indicator(), dict.fromkeys(months, "1"))
    History = MonthlyValue.history.model
    History.objects.all().delete()
    History.objects.bulk_create(
        History(
            id=value.pk,
            indicator_id=value.indicator_id,
            month=value.month,
            value=1,
            state=value.state,
            version=1,
            history_date=timezone.now(),
            history_type="~",
            history_change_reason=reason,
            history_change_kind=ChangeKind.ENTERED,
        )
        for value, reason in zip(values, reasons, strict=True)
    )
    migration.kinds_from_reasons(django_apps, None)
    found = dict(History.objects.values_list("history_change_reason", "history_change_kind"))
    assert found == reasons


REASON_READ = re.compile(
    r"(?:IMPORT|REVISION)_REASONS\b|reason\b.*\.startswith\(|history_change_reason__"
)


def test_no_code_decides_by_the_words_of_a_history_reason():
    """Issue 27: the reason is for people; the code reads ``history_change_kind``."""
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if REASON_READ.search(line)
    ]
    assert found == []
    assert REASON_READ.search('if not (row.last_reason or "").startswith(IMPORT_REASONS):')
    assert REASON_READ.search("return self.reason.startswith(REVISION_REASONS)")
