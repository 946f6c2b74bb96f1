"""One way to guard a view (``core.access``): the mixin and the decorator refuse alike, and no
view module checks a permission any other way."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import RequestFactory
from django.views.generic import View

from core import roles
from core.access import PermissionRequired, permission_required, require

ROOT = Path(settings.BASE_DIR)


def _view_modules() -> list[Path]:
    modules = [
        path
        for app in settings.PORTAL_APPS
        for path in sorted((ROOT / app).glob("*.py"))
        if path.stem == "views" or path.stem.endswith("_views")
    ]
    assert len(modules) >= 9  # every app's views, core's list and import views
    return modules


def _offences(path: Path) -> list[str]:
    """What in ``path`` guards a view other than through ``core.access``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Attribute) and node.attr in ("has_perm", "has_perms"):
            found.append(f"line {node.lineno}: calls .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module in (
            "django.contrib.auth.mixins",
            "django.contrib.auth.decorators",
        ):
            banned = {"PermissionRequiredMixin", "permission_required", "user_passes_test"}
            found += [
                f"line {node.lineno}: imports {alias.name} from {node.module}"
                for alias in node.names
                if alias.name in banned
            ]
        elif isinstance(node, ast.Raise) and "PermissionDenied" in ast.unparse(node):
            found.append(f"line {node.lineno}: raises PermissionDenied itself")
        elif isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "permission" for target in node.targets
        ):
            found.append(f"line {node.lineno}: a 'permission' attribute")
    return found


def test_no_view_module_checks_a_permission_but_through_core_access():
    offences = {
        str(path.relative_to(ROOT)): found for path in _view_modules() if (found := _offences(path))
    }
    assert offences == {}


def test_the_guard_finds_a_direct_check(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "from django.contrib.auth.mixins import PermissionRequiredMixin\n"
        "def page(request):\n"
        "    if not request.user.has_perm('x.y'):\n"
        "        raise PermissionDenied\n"
    )
    assert len(_offences(module)) == 3


def test_services_refuse_through_one_helper():
    sources = {path: path.read_text() for path in ROOT.glob("*/services.py")}
    assert sources
    assert [str(path) for path, text in sources.items() if "def _require" in text] == []


class Guarded(PermissionRequired, View):
    permission_required = ("returns.enter_values", "returns.submit_values")
    any_permission = True

    def get(self, request):
        return HttpResponse("ok")


@permission_required("returns.accept_values")
def guarded(request):
    return HttpResponse("ok")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "mixin", "decorator"),
    [
        (None, "login", "login"),
        (roles.VIEWER, 403, 403),
        (roles.REPORTER, 200, 403),
        (roles.OWNER, 200, 403),
        (roles.PERFORMANCE_TEAM, 403, 200),
    ],
)
def test_the_mixin_and_the_decorator_refuse_alike(make_user, role, mixin, decorator):
    def answer(view) -> int | str:
        request = RequestFactory().get("/somewhere/")
        request.user = make_user(role) if role else AnonymousUser()
        try:
            response = view(request)
        except PermissionDenied:
            return 403
        if response.status_code == 302:
            assert response["Location"] == f"{resolve_url(settings.LOGIN_URL)}?next=/somewhere/"
            return "login"
        return response.status_code

    assert (answer(Guarded.as_view()), answer(guarded)) == (mixin, decorator)


@pytest.mark.django_db
def test_require_refuses_with_the_services_own_refusal(make_user):
    class Refused(Exception):
        pass

    require(make_user(roles.PERFORMANCE_TEAM), "returns.manage_periods", refused=Refused)
    with pytest.raises(Refused, match="Only the team"):
        require(
            make_user(roles.OWNER),
            "returns.manage_periods",
            refused=Refused,
            message="Only the team",
        )
