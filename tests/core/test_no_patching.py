"""No module of the portal changes another library's attributes (issue #18).

Patching a library at run time (``utils.signature = ...``) changes it for the whole process
and breaks silently when the library is upgraded; the portal uses libraries' public options
and extension points instead. The scan reads the source of every package ``pyproject.toml``
ships, so a new patch fails here before it ships.
"""

import ast
import inspect
import tomllib
from collections.abc import Iterator
from pathlib import Path

import django_tables2
from django_tables2 import utils

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = {
    pattern.rstrip("*")
    for pattern in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"][
        "packages"
    ]["find"]["include"]
}


def _imported_from_libraries(tree: ast.Module) -> set[str]:
    """The names a module binds to what it imports from outside the portal's packages."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] not in PACKAGES:
                    names.add(alias.asname or alias.name.split(".")[0])
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module.split(".")[0] not in PACKAGES
        ):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _base_name(node: ast.expr) -> str | None:
    """``a`` of ``a.b.c`` (``None`` for anything else, such as ``f().b``)."""
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _changed(node: ast.AST) -> Iterator[ast.expr]:
    """The objects whose attributes or items ``node`` sets or deletes."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in {"setattr", "delattr"}
        and node.args
    ):
        yield node.args[0]
        return
    if isinstance(node, ast.Assign | ast.Delete):
        targets = list(node.targets)
    elif isinstance(node, ast.AugAssign | ast.AnnAssign):
        targets = [node.target]
    else:
        return
    while targets:
        target = targets.pop()
        if isinstance(target, ast.Tuple | ast.List):
            targets.extend(target.elts)
        elif isinstance(target, ast.Starred):
            targets.append(target.value)
        elif isinstance(target, ast.Attribute | ast.Subscript):
            yield target.value


def patches(source: str) -> list[str]:
    """``line: code`` of each place ``source`` changes an attribute of an imported library."""
    tree = ast.parse(source)
    libraries = _imported_from_libraries(tree)
    found = {
        (node.lineno, ast.unparse(node))
        for node in ast.walk(tree)
        for changed in _changed(node)
        if _base_name(changed) in libraries
    }
    return [f"{line}: {code}" for line, code in sorted(found)]


def test_the_scan_finds_the_ways_of_patching_a_library():
    source = """
import pygal
import xml.etree.ElementTree as ET
from django_tables2 import utils
from core import tables

utils.signature = cached
pygal.graph.Graph.uuid += "x"
setattr(ET, "Element", None)
del utils.signature
first, ET._namespace_map["uri"] = 1, "svg"
tables.NUMERIC = {}
graph = pygal.Line()
graph.uuid = "own-object"
"""
    assert patches(source) == [
        "7: utils.signature = cached",
        "8: pygal.graph.Graph.uuid += 'x'",
        "9: setattr(ET, 'Element', None)",
        "10: del utils.signature",
        "11: first, ET._namespace_map['uri'] = (1, 'svg')",
    ]


def test_no_portal_module_patches_a_library():
    found = {
        str(path.relative_to(ROOT)): found
        for package in sorted(PACKAGES)
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and (found := patches(path.read_text()))
    }
    assert found == {}


def test_django_tables2_calls_its_own_signature_look_up():
    assert utils.signature.__module__ == "django_tables2.utils"
    assert inspect.getsourcefile(utils.signature) == inspect.getsourcefile(utils)
    assert django_tables2.rows.call_with_appropriate is utils.call_with_appropriate
