"""Permission matrix of the registers (pages and API).

Targets: ``own`` (a body of the board secretary's organisation, CCAS A1), ``other_org`` (CCAS A2),
``other_network`` (CCAS B1), and ``linked``: a deliberation of CCAS A2 that approves a convention
whose parties are Métropole A, CCAS A1 and CCAS A2. Whoever may read that convention (métropole
coordination, finance officer and readers of the network's métropole; programme coordination and
board secretariat of a party) reads the linked deliberation, its sitting and its body; nobody but the secretaries of the
body's own organisation changes anything.
"""

import datetime

from reussite.accounts.models import Role
from reussite.governance import services
from reussite.governance.models import Deliberation
from tests.governance.factories import all_present, board, sitting, voted_deliberation
from tests.matrix import Entry, Seen, only, statuses

ALL_200 = statuses(200)
ALL_404 = statuses(404)
SECRETARY = only([Role.BOARD_SECRETARY])
SECRETARY_REDIRECT = only([Role.BOARD_SECRETARY], yes=302)
CONVENTION_READERS = only(
    [Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER, Role.PROGRAMME_COORDINATOR, Role.BOARD_SECRETARY, Role.READER]
)


# The sentinel registers (tests/sentinels.py) are read by the secretary of their own organisation only:
# none approves a convention.
REGISTER = {"own": SECRETARY, "other_org": ALL_404, "other_network": ALL_404}


def sentinel_kwargs(kind):
    return lambda w, t: {"pk": w.sentinels.object(kind, t).pk}


def sentinel_or(kind, getter):
    """The sentinel of the target, or (``linked``) the object ``getter`` builds."""
    return lambda w, t: {"pk": (getter(w, t) if t == "linked" else w.sentinels.object(kind, t)).pk}


def organisation(world, target):
    return {
        "own": world.carrier,
        "other_org": world.carrier2,
        "other_network": world.other_carrier,
        "linked": world.carrier2,
    }[target]


def deliberation(world, target) -> Deliberation:
    made = voted_deliberation(organisation(world, target))
    if target == "linked":
        from reussite.funding.models import Convention, ConventionParty

        convention = Convention.objects.create(
            network=world.network,
            reference="CPO-TEST",
            title="Convention de test",
            kind="cpo",
            first_year=2024,
            last_year=2026,
            end_date=datetime.date(2026, 12, 31),
        )
        for position, org in enumerate([world.metropole, world.carrier, world.carrier2]):
            ConventionParty.objects.create(
                convention=convention,
                organisation=org,
                role="coordinator" if org == world.metropole else "paying",
                position=position,
            )
        made = services.link_convention(made, convention)
    return made


def open_item(world, target):
    """An item whose attendance is taken but whose vote is not recorded yet."""
    if target == "linked":
        return deliberation(world, target).item
    body, members = board(organisation(world, target))
    item = sitting(body, members).items.get()
    all_present(item, members)
    return item


def read_targets(change=False):
    """Expected statuses of a page that reads (or, ``change=True``, changes) a register object."""
    return {
        "own": SECRETARY,
        "other_org": ALL_404,
        "other_network": ALL_404,
        "linked": ALL_404 if change else CONVENTION_READERS,
    }


def pk_of(getter):
    return lambda w, t: {"pk": getter(w, t).pk}


body_of = pk_of(lambda w, t: deliberation(w, t).body)
sitting_of = pk_of(lambda w, t: deliberation(w, t).item.sitting)
member_of = pk_of(lambda w, t: deliberation(w, t).body.members.first())
deliberation_pk = pk_of(deliberation)
open_item_pk = pk_of(open_item)

ENTRIES = [
    Entry("governance:body_list", {"list": ALL_200}, content=[Seen("body", REGISTER)]),
    Entry("governance:body_create", {"list": SECRETARY}),
    Entry(
        "governance:body_edit",
        read_targets(change=True),
        sentinel_or("body", lambda w, t: deliberation(w, t).body),
        content=[Seen("body", REGISTER)],
    ),
    Entry(
        "governance:member_list",
        read_targets(),
        sentinel_or("body", lambda w, t: deliberation(w, t).body),
        content=[Seen("body", REGISTER), Seen("member", REGISTER)],
    ),
    Entry("governance:member_create", read_targets(change=True), body_of),
    Entry("governance:member_import", read_targets(change=True), body_of),
    Entry(
        "governance:member_edit",
        read_targets(change=True),
        lambda w, t: {
            "pk": (
                deliberation(w, t).body.members.first()
                if t == "linked"
                else w.sentinels.object("body", t).members.get(last_name__startswith="Membre-")
            ).pk
        },
        content=[Seen("member", REGISTER)],
    ),
    Entry(
        "governance:body_detail",
        read_targets(),
        sentinel_or("body", lambda w, t: deliberation(w, t).body),
        content=[Seen("body", REGISTER), Seen("deliberation", REGISTER)],
    ),
    Entry(
        "governance:sitting_list",
        read_targets(),
        sentinel_or("body", lambda w, t: deliberation(w, t).body),
        content=[Seen("body", REGISTER), Seen("member", REGISTER)],  # the president of each sitting
    ),
    Entry("governance:sitting_create", read_targets(change=True), body_of),
    Entry(
        "governance:sitting_detail",
        read_targets(),
        sentinel_or("sitting", lambda w, t: deliberation(w, t).item.sitting),
        content=[Seen("sitting", REGISTER), Seen("member", REGISTER), Seen("deliberation", REGISTER)],
    ),
    Entry(
        "governance:item_create",
        {**read_targets(change=True), "own": SECRETARY_REDIRECT},
        sitting_of,
        method="post",
        data=lambda w, t: {"subject": "Point ajouté"},
    ),
    Entry("governance:attendance", read_targets(change=True), open_item_pk),
    Entry("governance:vote", read_targets(change=True), open_item_pk),
    Entry(
        "governance:deliberation_detail",
        read_targets(),
        sentinel_or("deliberation", deliberation),
        content=[Seen("deliberation", REGISTER), Seen("body", REGISTER)],
    ),
    Entry(
        "governance:deliberation_publication",
        {**read_targets(change=True), "own": SECRETARY_REDIRECT},
        deliberation_pk,
        method="post",
        data=lambda w, t: {"transmitted_on": "2024-10-07", "published_on": "2024-10-09"},
    ),
    # An empty rectification is refused as invalid (400) in scope; a cancellation with a reason redirects.
    Entry(
        "governance:deliberation_rectify",
        {**read_targets(change=True), "own": only([Role.BOARD_SECRETARY], yes=400)},
        deliberation_pk,
        method="post",
    ),
    Entry(
        "governance:deliberation_cancel",
        {**read_targets(change=True), "own": SECRETARY_REDIRECT},
        deliberation_pk,
        method="post",
        data=lambda w, t: {"reason": "Saisie erronée"},
    ),
    Entry(
        "governance:deliberation_extract",
        read_targets(),
        sentinel_or("deliberation", deliberation),
        content=[Seen("deliberation", REGISTER), Seen("member", REGISTER)],
    ),
    # API
    *[
        Entry(f"api:governance-{name}-list", {"list": ALL_200}, anonymous=403, content=[Seen(name, REGISTER)])
        for name in ["body", "member", "sitting", "deliberation"]
    ],
    # Members written through the API: only into a body the user keeps (others: 404, like a missing body).
    Entry(
        "api:governance-member-list",
        {"list": only([Role.BOARD_SECRETARY], yes=201)},
        method="post",
        data=lambda w, t: {"body": w.sentinels.object("body", "own").pk, "last_name": "MEMBRE-API"},
        anonymous=403,
    ),
    Entry(
        "api:governance-member-import-csv",
        {"list": only([Role.BOARD_SECRETARY], yes=201)},
        method="post",
        data=lambda w, t: {"body": w.sentinels.object("body", "own").pk, "csv": "nom\nMEMBRE-IMPORT\n"},
        anonymous=403,
    ),
    Entry("api:governance-body-detail", read_targets(), body_of, anonymous=403),
    Entry("api:governance-member-detail", read_targets(), member_of, anonymous=403),
    Entry("api:governance-sitting-detail", read_targets(), sitting_of, anonymous=403),
    Entry("api:governance-deliberation-detail", read_targets(), deliberation_pk, anonymous=403),
    # Writes: an empty request is refused as invalid (400) once in scope, not found (404) outside.
    Entry(
        "api:governance-sitting-attendance",
        {**read_targets(change=True), "own": only([Role.BOARD_SECRETARY], yes=400)},
        sitting_of,
        method="post",
        anonymous=403,
    ),
    Entry(
        "api:governance-sitting-vote",
        {**read_targets(change=True), "own": only([Role.BOARD_SECRETARY], yes=400)},
        sitting_of,
        method="post",
        anonymous=403,
    ),
    Entry(
        "api:governance-deliberation-publication",
        {**read_targets(change=True), "own": SECRETARY},
        deliberation_pk,
        method="post",
        data=lambda w, t: {"transmitted_on": "2024-10-07", "published_on": "2024-10-09"},
        anonymous=403,
    ),
    Entry(
        "api:governance-deliberation-rectification",
        {**read_targets(change=True), "own": only([Role.BOARD_SECRETARY], yes=400)},
        deliberation_pk,
        method="post",
        anonymous=403,
    ),
    Entry(
        "api:governance-deliberation-cancellation",
        {**read_targets(change=True), "own": SECRETARY},
        deliberation_pk,
        method="post",
        data=lambda w, t: {"reason": "Saisie erronée"},
        anonymous=403,
    ),
]
