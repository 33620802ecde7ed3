"""The permission matrix must fail when a list is not scoped.

Each case unscopes one list as a careless change would, then runs that list's matrix entry: the
content checks (sentinels of tests/sentinels.py) must report what leaked. Statuses alone would not:
an unscoped list still answers 200 to everyone.
"""

import pytest

from reussite.care.models import CareInvoice, CareReferral, CareSession, HourAllocation
from reussite.coordination.models import Event, Invitation, ProviderRate, Resource
from reussite.core import scoping
from reussite.funding.models import Amendment, CallForFunds, Convention, Grant, GrantEnvelope, MoneyEvolution
from reussite.governance.models import Body
from reussite.territory.models import Organisation
from tests.matrix import entries_by_app, matrix_mismatches

LEAKED = "which it may not see"

PAGES = [
    ("funding:convention_list", "reussite.funding.views", Convention),
    ("funding:call_list", "reussite.funding.views", CallForFunds),
    ("funding:grant_list", "reussite.funding.grant_views", GrantEnvelope),
    ("territory:organisation_list", "reussite.territory.views", Organisation),
    ("governance:body_list", "reussite.governance.views", Body),
    ("coordination:calendar", "reussite.coordination.views", Event),
    ("coordination:calendar_export", "reussite.coordination.views", Event),
    ("coordination:attendance_report", "reussite.coordination.views", Invitation),
    ("coordination:attendance_export", "reussite.coordination.views", Invitation),
    ("coordination:library", "reussite.coordination.views", Resource),
    ("coordination:library_export", "reussite.coordination.views", Resource),
    ("coordination:rates", "reussite.coordination.views", ProviderRate),
    ("care:dashboard", "reussite.care.queries", HourAllocation),
    ("care:referral_list", "reussite.care.queries", CareReferral),
    ("care:session_list", "reussite.care.queries", CareSession),
    ("care:invoice_list", "reussite.care.queries", CareInvoice),
]
API_LISTS = [
    ("api:convention-list", Convention),
    ("api:call-for-funds-list", CallForFunds),
    ("api:money-evolution-list", MoneyEvolution),
    ("api:amendment-list", Amendment),
    ("api:grant-envelope-list", GrantEnvelope),
    ("api:grant-list", Grant),
    ("api:organisation-list", Organisation),
    ("api:governance-body-list", Body),
    ("api:coordination-event-list", Event),
    ("api:coordination-resource-list", Resource),
    ("api:care-referral-list", CareReferral),
    ("api:care-session-list", CareSession),
]


def list_entry(url_name):
    return next(e for e in entries_by_app() if e.url_name == url_name and "list" in e.expect)


@pytest.mark.parametrize(("url_name", "module_name", "model"), PAGES)
def test_a_page_listing_model_objects_fails_the_matrix(client, world, monkeypatch, url_name, module_name, model):
    """The view's ``scoped(user, Model)`` replaced by ``Model.objects``, for that model only."""
    import importlib

    module = importlib.import_module(module_name)
    real_scoped = module.scoped

    def unscoped(user, queryset_or_model, action=scoping.VIEW):
        queryset = queryset_or_model
        if isinstance(queryset, type):
            queryset = queryset._default_manager.all()
        return queryset if queryset.model is model else real_scoped(user, queryset_or_model, action)

    entry = list_entry(url_name)
    assert not matrix_mismatches(client, world, entry, "list"), "the matrix must hold before the mutation"
    monkeypatch.setattr(module, "scoped", unscoped)
    mismatches = matrix_mismatches(client, world, entry, "list")
    assert any(LEAKED in m for m in mismatches), mismatches


@pytest.mark.parametrize(("url_name", "model"), API_LISTS)
def test_an_api_list_without_its_scoping_rule_fails_the_matrix(client, world, monkeypatch, url_name, model):
    entry = list_entry(url_name)
    assert not matrix_mismatches(client, world, entry, "list")
    monkeypatch.setitem(scoping._RULES, model, lambda scope, queryset, action: queryset)
    mismatches = matrix_mismatches(client, world, entry, "list")
    assert any(LEAKED in m for m in mismatches), mismatches


CHECKED_LISTS = [
    pytest.param(entry, id=entry.url_name)
    for entry in entries_by_app()
    if "list" in entry.expect and entry.content and entry.method == "get" and entry.rows_scoped
]


@pytest.mark.parametrize("entry", CHECKED_LISTS)
def test_every_checked_list_fails_the_matrix_without_scoping(client, world, monkeypatch, entry):
    """Any list with content checks, served with no scoping rule at all, must be caught."""
    for model in list(scoping._RULES):
        monkeypatch.setitem(scoping._RULES, model, lambda scope, queryset, action: queryset)
    mismatches = matrix_mismatches(client, world, entry, "list")
    assert any(LEAKED in m for m in mismatches), mismatches
