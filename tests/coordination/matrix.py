"""Permission matrix of the coordination (pages, exports and API), checking content.

Sentinels (tests/sentinels.py, group ``coordination``): per target an event (title, one invited
participant, minutes, cost) and a library resource, each with an audience:

- ``own``: CCAS A1's programme and the roles métropole coordination, programme coordination,
  référent: seen by those roles of CCAS A1, and by the métropole coordination and finance officers
  (who see every event of their network); not by CCAS A1's board secretary, the métropole's reader or
  the psychologist;
- ``other_org``: CCAS A2's programme, every role: seen by the métropole's members (network-wide, not
  bound by programmes), not by CCAS A1's members nor the provider's psychologist;
- ``other_network``: seen by nobody of network A.

Minutes are read by the coordinations among those who see the event; costs by the métropole
coordination and finance officers; only the métropole coordination plans, changes, invites and takes
attendance; a reply is the invited person's own.
"""

from reussite.accounts.models import Role
from reussite.coordination.models import Invitation
from tests.coordination.factories import event
from tests.matrix import OUTSIDER, Entry, Seen, only, statuses

MC, FO, PC, REF, READER = (
    Role.METROPOLE_COORDINATOR,
    Role.FINANCE_OFFICER,
    Role.PROGRAMME_COORDINATOR,
    Role.REFERENT,
    Role.READER,
)
ALL_200 = statuses(200)
ALL_404 = statuses(404)
MEMBERS = statuses(200, **{OUTSIDER: 404})
COORDINATOR = only([MC])
MONEY = only([MC, FO])

AUDIENCE = {"own": only([MC, FO, PC, REF]), "other_org": only([MC, FO, READER]), "other_network": ALL_404}
MINUTES = {"own": only([MC, PC]), "other_org": only([MC]), "other_network": ALL_404}
PLANNER = {"own": COORDINATOR, "other_org": COORDINATOR, "other_network": ALL_404}
COSTS = {"own": MONEY, "other_org": MONEY, "other_network": ALL_404}

EVENT = Seen("event", AUDIENCE)
PARTICIPANT = Seen("participant", AUDIENCE)
RESOURCE = Seen("resource", AUDIENCE)


def sentinel(kind):
    return lambda w, t: {"pk": w.sentinels.object(kind, t).pk}


def event_pk(world, target):
    return {"pk": event(world, network="own" if target == "own" else "other").pk}


def invited_event_pk(world, target):
    made = event(world, network="own" if target == "own" else "other")
    user = world.user(Role.PROGRAMME_COORDINATOR)
    Invitation.objects.create(
        event=made, user=user, full_name="Invité A", email="invite@example.org", organisation=world.carrier
    )
    return {"pk": made.pk}


def network_programmes(world, target, role, targets_, always=False):
    """Programme names a planner's form of ``target`` lists (``always``: whoever gets the page)."""
    if not always and (target == "other_network" or role != MC):
        return []
    return [world.sentinels.texts("programme", t) for t in targets_]


# Forms of the métropole coordination list its network's programmes (the audience), never another
# network's. (shows/hides, not Seen: the form filters on the planner's network, not only on scoping.)
def PROGRAMMES_SHOWN(world, target, role):  # noqa: N802 (used like the constants around it)
    return network_programmes(world, "list", role, ("own", "other_org"))


def PROGRAMMES_HIDDEN(world, target, role):  # noqa: N802
    return network_programmes(world, "list", role, ("other_network",), always=True)


def series_pk(world, target):
    """A series of the target's network with dates to come."""
    import datetime

    from reussite.coordination import services
    from reussite.coordination.models import EventKind

    own = target == "own"
    today = datetime.date.today()
    made = services.create_series(
        network=world.network if own else world.other_network,
        kind=EventKind.default("echange-de-pratiques"),
        title=f"Série {target}",
        first_date=today,
        last_date=today + datetime.timedelta(days=180),
        organiser=world.metropole if own else world.other_metropole,
    )
    return {"pk": made.pk}


def targets(own):
    return {"own": own, "other_network": ALL_404}


def export(fmt="csv"):
    return lambda w, t: {"fmt": fmt}


ENTRIES = [
    Entry("coordination:calendar", {"list": ALL_200}, content=[EVENT]),
    Entry("coordination:calendar_export", {"list": ALL_200}, export(), content=[EVENT]),
    Entry("coordination:series_create", {"list": COORDINATOR}, shows=PROGRAMMES_SHOWN, hides=PROGRAMMES_HIDDEN),
    Entry("coordination:event_create", {"list": COORDINATOR}, shows=PROGRAMMES_SHOWN, hides=PROGRAMMES_HIDDEN),
    Entry("coordination:attendance_report", {"list": ALL_200}, content=[PARTICIPANT]),
    Entry("coordination:attendance_export", {"list": ALL_200}, export(), content=[PARTICIPANT]),
    Entry("coordination:feed_renew", {"list": statuses(302)}, method="post"),
    Entry("coordination:feed", {"list": ALL_404}, lambda w, t: {"token": "inconnu"}, anonymous=404),
    Entry(
        "coordination:event_detail",
        AUDIENCE,
        sentinel("event"),
        content=[EVENT, PARTICIPANT, Seen("minutes", MINUTES), Seen("event_cost", COSTS)],
    ),
    Entry("coordination:event_sheet", AUDIENCE, sentinel("event"), content=[EVENT, PARTICIPANT]),
    Entry("coordination:event_invite", PLANNER, sentinel("event"), content=[Seen("event", PLANNER)]),
    Entry(
        "coordination:event_attendance",
        PLANNER,
        sentinel("event"),
        content=[Seen("event", PLANNER), Seen("participant", PLANNER)],
    ),
    Entry(
        "coordination:event_edit",
        PLANNER,
        sentinel("event"),
        content=[Seen("event", PLANNER)],
        # The audience choices: the network's programmes, never another network's.
        shows=lambda w, t, r: network_programmes(w, t, r, ("own", "other_org")),
        hides=PROGRAMMES_HIDDEN,
    ),
    Entry("coordination:event_cancel", PLANNER, sentinel("event"), content=[Seen("event", PLANNER)]),
    Entry(
        "coordination:series_cancel",
        targets(COORDINATOR),
        series_pk,
        shows=lambda w, t, r: ["Série own"] if r == MC and t == "own" else [],
        hides=lambda w, t, r: ["Série other_network"],
    ),
    Entry(
        "coordination:event_minutes",
        PLANNER,
        sentinel("event"),
        content=[Seen("event", PLANNER), Seen("minutes", PLANNER)],
    ),
    Entry("coordination:event_cost", COSTS, sentinel("event"), content=[Seen("event_cost", COSTS)]),
    # Each sentinel cost is one session at its provider's rate: the rate reads as the cost.
    Entry("coordination:rates", {"list": MONEY}, content=[Seen("event_cost", COSTS)]),
    Entry(
        "coordination:event_reply",
        targets(only([Role.PROGRAMME_COORDINATOR], yes=302)),
        invited_event_pk,
        method="post",
        data=lambda w, t: {"reply": "yes"},
    ),
    Entry("api:coordination-event-list", {"list": ALL_200}, anonymous=403, content=[EVENT, PARTICIPANT]),
    Entry("api:coordination-event-detail", AUDIENCE, sentinel("event"), anonymous=403, content=[EVENT, PARTICIPANT]),
]


def file_resource_pk(world, target):
    """A file of network A for CCAS A1's programme (``own``) or CCAS A2's (``other_org``), or of B."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reussite.coordination import services

    network = world.other_network if target == "other_network" else world.network
    programmes = {"own": [world.programme], "other_org": [world.programme2], "other_network": []}[target]
    upload = SimpleUploadedFile("guide.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    made = services.add_resource(network=network, title="Guide", kind="guide", upload=upload, programmes=programmes)
    return {"pk": made.pk}


FILE_AUDIENCE = {
    "own": only([MC, FO, PC, REF, Role.BOARD_SECRETARY, READER]),
    "other_org": only([MC, FO, READER]),
    "other_network": ALL_404,
}

ENTRIES += [
    Entry("coordination:library", {"list": ALL_200}, content=[RESOURCE]),
    Entry("coordination:library_export", {"list": ALL_200}, export(), content=[RESOURCE]),
    Entry("coordination:resource_create", {"list": COORDINATOR}, shows=PROGRAMMES_SHOWN, hides=PROGRAMMES_HIDDEN),
    Entry("coordination:resource_download", FILE_AUDIENCE, file_resource_pk),
    Entry("api:coordination-resource-list", {"list": ALL_200}, anonymous=403, content=[RESOURCE]),
    Entry("api:coordination-resource-detail", AUDIENCE, sentinel("resource"), anonymous=403, content=[RESOURCE]),
]


def attended_session_pk(world, target):
    made = event(world, network="own" if target == "own" else "other", kind="formation", title="Formation")
    Invitation.objects.create(
        event=made,
        user=world.user(Role.PROGRAMME_COORDINATOR),
        full_name="Invité A",
        email="invite@example.org",
        organisation=world.carrier,
        attended=True,
    )
    return {"pk": made.pk}


ENTRIES += [
    Entry("coordination:feedback_report", {"list": ALL_200}),
    Entry("coordination:event_feedback", targets(only([Role.PROGRAMME_COORDINATOR])), attended_session_pk),
]
