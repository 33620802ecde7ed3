"""Rules of docs/coding-style.md that a reading of the source can check."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "reussite"


def _chain(call: ast.Call):
    """The method calls of a chained expression: ``A.objects.x().y()`` -> [y-call, x-call]."""
    node = call
    while isinstance(node, ast.Call | ast.Attribute):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Attribute):
                yield node.func.attr, node
            node = node.func.value if isinstance(node.func, ast.Attribute) else node.func
        else:
            node = node.value


def test_a_lock_with_select_related_names_what_it_locks():
    """PostgreSQL refuses FOR UPDATE on the nullable side of an outer join: a lock joined with
    select_related must say ``select_for_update(of=("self", ...))``."""
    offenders = []
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            calls = dict(_chain(node))
            lock = calls.get("select_for_update")
            if lock is not None and "select_related" in calls and not any(k.arg == "of" for k in lock.keywords):
                offenders.append(f"{path.relative_to(ROOT.parent)}:{node.lineno}")
    assert not offenders, f"select_for_update(of=...) needed with select_related: {sorted(set(offenders))}"


def test_an_undefined_template_variable_fails_the_test():
    """FAIL_INVALID_TEMPLATE_VARS (pyproject.toml): a typo in a template fails like a typo in Python."""
    import pytest
    from django.template import Context, Template

    with pytest.raises(pytest.fail.Exception, match="Undefined template variable 'orgnaisation.name'"):
        Template("{{ orgnaisation.name }}").render(Context({"organisation": None}))
