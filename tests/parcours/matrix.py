"""Permission matrix of the children's pages and endpoints (status codes; content is checked in
tests/parcours/test_disclosure.py).

Targets: ``own`` is a child of world.programme assigned to world's référent; ``other_org`` a child
of world.programme2 (carried by another organisation of the network); ``other_network`` a child of
the other network.
"""

import datetime

from django.core.files.base import ContentFile

from reussite.accounts.models import Role
from tests.matrix import Entry, only, statuses
from tests.parcours.factories import children_of

ALL_404 = statuses(404)
CASELOAD = [Role.METROPOLE_COORDINATOR, Role.PROGRAMME_COORDINATOR, Role.REFERENT]
NAMED = [Role.PROGRAMME_COORDINATOR, Role.REFERENT]
SEE = {"own": only(CASELOAD), "other_org": only([Role.METROPOLE_COORDINATOR]), "other_network": ALL_404}
CHANGE = {"own": only(NAMED), "other_org": ALL_404, "other_network": ALL_404}


def child(world, target):
    return children_of(world)[target]


def child_kwargs(w, t):
    return {"pk": child(w, t).pk}


def meeting_kwargs(w, t):
    from reussite.parcours.models import EpsAgendaItem, EpsMeeting

    programme = {"own": w.programme, "other_org": w.programme2, "other_network": w.other_programme}[t]
    meeting = EpsMeeting.objects.create(
        programme=programme, date=datetime.date(2025, 3, 1), created_by=w.user(Role.PROGRAMME_COORDINATOR)
    )
    EpsAgendaItem.objects.create(meeting=meeting, child=child(w, t))
    return {"pk": meeting.pk}


def consent_kwargs(w, t):
    c = child(w, t)
    consent = c.consents.first()
    if not consent.evidence:
        consent.evidence.save("f.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {"pk": c.pk, "consent_pk": consent.pk}


def own_named(w, t, role):
    """The plan pages name the child to who may change them."""
    return ["Propreville"] if t == "own" and role in NAMED else []


def own_plan(kind):
    """… and show the wording of the plan item they are about."""

    def shows(w, t, role):
        return own_named(w, t, role) + ([f"{kind}-own-confidenti"] if own_named(w, t, role) else [])

    return shows


def others(w, t, role):
    return ["Voisinville", "Lointainville", "Sansreferent", "Axe-other_org", "Axe-own_unassigned"]


def plan_kwargs(part=None):
    """kwargs of a plan page: the child, and its axis, objective or action (``make_plan``'s)."""

    def build(w, t):
        c = child(w, t)
        kwargs = {"pk": c.pk}
        axis = c.axes.first()
        objective = axis.objectives.first()
        kwargs |= {
            None: {},
            "axis_pk": {"axis_pk": axis.pk},
            "objective_pk": {"objective_pk": objective.pk},
            "action_pk": {"action_pk": objective.actions.first().pk},
        }[part]
        return kwargs

    return build


ENTRIES = [
    Entry("parcours:child_list", {"list": only(CASELOAD)}),
    Entry("parcours:child_export_csv", {"list": only(CASELOAD)}),
    Entry("parcours:child_export_xlsx", {"list": only(CASELOAD)}),
    Entry("parcours:child_create", {"list": only(NAMED, no=403)}),
    Entry("parcours:referent_caseloads", {"list": only(NAMED)}),
    Entry("parcours:child_detail", SEE, child_kwargs),
    Entry("parcours:consent_create", CHANGE, child_kwargs),
    Entry("parcours:parcours_start", CHANGE, child_kwargs),
    Entry("parcours:parcours_exit", CHANGE, child_kwargs),
    Entry("parcours:referral_create", CHANGE, child_kwargs),
    Entry("parcours:consent_revoke", CHANGE, consent_kwargs),
    Entry("parcours:consent_evidence", CHANGE, consent_kwargs),
    Entry("parcours:axis_create", CHANGE, plan_kwargs(), shows=own_named, hides=others),
    Entry("parcours:objective_create", CHANGE, plan_kwargs("axis_pk"), shows=own_plan("Axe"), hides=others),
    Entry("parcours:action_create", CHANGE, plan_kwargs("objective_pk"), shows=own_plan("Objectif"), hides=others),
    Entry("parcours:action_update", CHANGE, plan_kwargs("action_pk"), shows=own_plan("Action"), hides=others),
    Entry("parcours:review_create", CHANGE, plan_kwargs(), shows=own_plan("Objectif"), hides=others),
    Entry("parcours:eps_home", {"list": only([Role.PROGRAMME_COORDINATOR])}),
    Entry("parcours:eps_member_create", {"list": only([Role.PROGRAMME_COORDINATOR])}),
    Entry("parcours:eps_meeting_create", {"list": only([Role.PROGRAMME_COORDINATOR])}),
    Entry(
        "parcours:eps_meeting_detail",
        {"own": only([Role.PROGRAMME_COORDINATOR]), "other_org": ALL_404, "other_network": ALL_404},
        meeting_kwargs,
    ),
    Entry(
        "parcours:eps_agenda_pdf",
        {"own": only([Role.PROGRAMME_COORDINATOR]), "other_org": ALL_404, "other_network": ALL_404},
        meeting_kwargs,
        shows=lambda w, t, role: (
            ["Propreville", "Anatole"] if role == Role.PROGRAMME_COORDINATOR and t == "own" else []
        ),
        hides=lambda w, t, role: ["Voisinville", "Lointainville"],
    ),
    Entry("api:child-list", {"list": only(CASELOAD)}, anonymous=403),
    Entry("api:child-detail", SEE, child_kwargs, anonymous=403),
]
