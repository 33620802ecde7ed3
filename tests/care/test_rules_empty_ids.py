"""The care rules' ``_in`` (a condition on the row's own key when a user has no id along a path)
answers as ``Q(path__in=ids)`` did, for every role and combination of roles: never wider, never
narrower, for VIEW and CHANGE, and inside ``exclude`` as well as ``filter``."""

import datetime

import pytest
from django.db.models import Q

from reussite.accounts.models import Role
from reussite.accounts.scoping import CHANGE, VIEW, scoped
from reussite.care import rules
from reussite.care.models import (
    CareInvoice,
    CareInvoiceLine,
    CareReferral,
    CareSession,
    HourAllocation,
    HourMovement,
    HourOverrun,
    Psychologist,
)
from reussite.care.services import build_invoice, record_session, refer_to_psychologist
from reussite.territory.models import Organisation, ProgrammeCarrier
from tests.factories import MembershipFactory, NetworkFactory, OrganisationFactory, UserFactory
from tests.parcours.factories import consent, make_child

pytestmark = pytest.mark.django_db
D = datetime.date
MODELS = (
    CareReferral,
    CareSession,
    CareInvoice,
    CareInvoiceLine,
    Psychologist,
    HourAllocation,
    HourMovement,
    HourOverrun,
)


def _old_in(path, ids):
    return Q(**{f"{path}__in": ids})


def _users(care):
    """One user per role and the mixes a person may hold (métropole and psychologist...)."""
    metropole_org = care["metropole"].memberships.get().organisation
    ccas = care["coordinator"].memberships.get().organisation
    provider = care["psy"].organisation
    other_network = NetworkFactory()
    elsewhere = OrganisationFactory(network=other_network, kind=Organisation.Kind.METROPOLE)

    def user(*memberships):
        u = UserFactory()
        for organisation, role in memberships:
            MembershipFactory(user=u, organisation=organisation, role=role)
        return u

    return {
        "metropole": care["metropole"],
        "programme": care["coordinator"],
        "psychologist": care["psy"].user,
        "finance": user((metropole_org, Role.FINANCE_OFFICER)),
        "referent": user((ccas, Role.REFERENT)),
        "reader": user((metropole_org, Role.READER)),
        "ccas finance": user((ccas, Role.FINANCE_OFFICER)),
        "metropole+psychologist": user((metropole_org, Role.METROPOLE_COORDINATOR), (provider, Role.PSYCHOLOGIST)),
        "programme+psychologist": user((ccas, Role.PROGRAMME_COORDINATOR), (provider, Role.PSYCHOLOGIST)),
        "other metropole": user((elsewhere, Role.METROPOLE_COORDINATOR)),
        "psychologist without record": user((provider, Role.PSYCHOLOGIST)),
        "outsider": UserFactory(),
    }


def _fill(care):
    """A referral in the coordination's programme and one in a programme another CCAS carries, each
    with a session, invoiced."""
    referral = refer_to_psychologist(care["coordinator"], care["child"], care["psy"], 4, D(2017, 3, 1))
    record_session(care["psy"].user, referral, D(2017, 3, 8), 60, "child", "attended")
    programme = care["programmes"][1]
    other_coordinator = UserFactory()
    carrier = OrganisationFactory(network=care["network"], kind=Organisation.Kind.CCAS)
    ProgrammeCarrier.objects.create(programme=programme, organisation=carrier, valid_from=D(2020, 1, 1))
    MembershipFactory(user=other_coordinator, organisation=carrier, role=Role.PROGRAMME_COORDINATOR)
    other = make_child(programme, birth_date=D(2011, 2, 1))
    consent(other, purposes=("follow_up", "psychologist"), given_on=D(2017, 1, 10))
    second = refer_to_psychologist(other_coordinator, other, care["psy"], 4, D(2017, 3, 1))
    record_session(care["psy"].user, second, D(2017, 3, 9), 60, "child", "attended")
    build_invoice(care["psy"].user, care["psy"], 2017, 3)


def _answers(users, action):
    return {
        (name, model.__name__, kind): set(
            (
                scoped(u, model, action) if kind == "filter" else model.objects.exclude(pk__in=scoped(u, model, action))
            ).values_list("pk", flat=True)
        )
        for name, u in users.items()
        for model in MODELS
        for kind in ("filter", "exclude")
    }


@pytest.mark.parametrize("action", [VIEW, CHANGE])
def test_the_empty_ids_condition_answers_as_the_path_condition_did(care, monkeypatch, action):
    _fill(care)
    users = _users(care)
    new = _answers(users, action)
    for u in users.values():  # a fresh scope: no id set memoised across the two rules
        if hasattr(u, "_reussite_scope"):
            del u._reussite_scope
    monkeypatch.setattr(rules, "_in", _old_in)
    old = _answers(users, action)
    assert new == old
    # Not vacuous: the métropole (no programme), the coordination (no network), the psychologist.
    seen = {name: len(new[name, "CareReferral", "filter"]) for name in users}
    if action == VIEW:
        assert seen["metropole"] == seen["psychologist"] == seen["metropole+psychologist"] == 2
        assert seen["programme"] == 1 and seen["other metropole"] == seen["referent"] == seen["outsider"] == 0
    else:
        assert seen["programme"] == seen["programme+psychologist"] == 1
        assert seen["metropole"] == seen["psychologist"] == 0
