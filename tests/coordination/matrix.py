"""Permission matrix of the coordination (pages and API).

Targets: ``own`` (an event of the own network), ``other_network`` (an event of network B). Every
member of a network reads its events; only its métropole coordination plans, invites and takes
attendance; a reply is the invited person's own.
"""

from reussite.accounts.models import Role
from reussite.coordination.models import Invitation
from tests.coordination.factories import event
from tests.matrix import OUTSIDER, Entry, only, statuses

ALL_200 = statuses(200)
ALL_404 = statuses(404)
MEMBERS = statuses(200, **{OUTSIDER: 404})
COORDINATOR = only([Role.METROPOLE_COORDINATOR])


def event_pk(world, target):
    return {"pk": event(world, network="own" if target == "own" else "other").pk}


def invited_event_pk(world, target):
    made = event(world, network="own" if target == "own" else "other")
    user = world.user(Role.PROGRAMME_COORDINATOR)
    Invitation.objects.create(
        event=made, user=user, full_name="Invité A", email="invite@example.org", organisation=world.carrier
    )
    return {"pk": made.pk}


def targets(own):
    return {"own": own, "other_network": ALL_404}


ENTRIES = [
    Entry("coordination:calendar", {"list": ALL_200}),
    Entry("coordination:series_create", {"list": COORDINATOR}),
    Entry("coordination:attendance_report", {"list": ALL_200}),
    Entry("coordination:feed_renew", {"list": statuses(302)}, method="post"),
    Entry("coordination:feed", {"list": ALL_404}, lambda w, t: {"token": "inconnu"}, anonymous=404),
    Entry("coordination:event_detail", targets(MEMBERS), event_pk),
    Entry("coordination:event_sheet", targets(MEMBERS), event_pk),
    Entry("coordination:event_invite", targets(COORDINATOR), event_pk),
    Entry("coordination:event_attendance", targets(COORDINATOR), event_pk),
    Entry(
        "coordination:event_reply",
        targets(only([Role.PROGRAMME_COORDINATOR], yes=302)),
        invited_event_pk,
        method="post",
        data=lambda w, t: {"reply": "yes"},
    ),
    Entry("api:coordination-event-list", {"list": ALL_200}, anonymous=403),
    Entry("api:coordination-event-detail", targets(MEMBERS), event_pk, anonymous=403),
]


def resource_pk(world, target):
    from reussite.coordination import services

    network = world.network if target == "own" else world.other_network
    made = services.add_resource(network=network, title="Ressource", kind="guide", link="https://example.org/r")
    return {"pk": made.pk}


def file_resource_pk(world, target):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reussite.coordination import services

    network = world.network if target == "own" else world.other_network
    upload = SimpleUploadedFile("guide.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    made = services.add_resource(network=network, title="Guide", kind="guide", upload=upload)
    return {"pk": made.pk}


ENTRIES += [
    Entry("coordination:library", {"list": ALL_200}),
    Entry("coordination:resource_create", {"list": COORDINATOR}),
    Entry("coordination:resource_download", targets(MEMBERS), file_resource_pk),
    Entry("api:coordination-resource-list", {"list": ALL_200}, anonymous=403),
    Entry("api:coordination-resource-detail", targets(MEMBERS), resource_pk, anonymous=403),
]

ENTRIES += [
    Entry("coordination:event_cost", targets(only([Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER])), event_pk),
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

ENTRIES += [Entry("coordination:event_create", {"list": COORDINATOR})]
