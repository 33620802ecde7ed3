import datetime

from reussite.accounts.models import Role
from tests.factories import YouthCountFactory
from tests.matrix import Entry, Seen, only, statuses

ALL_200 = statuses(200)
ALL_404 = statuses(404)
ANY_MEMBER = statuses(200, outsider=404)
# The referential is read by every member of its network, by nobody outside it.
NETWORK = {"own": ANY_MEMBER, "other_org": ANY_MEMBER, "other_network": ALL_404}
# Youth counts of other programmes are shown (above the small-cell threshold) to every member.
YOUTH = [Seen("programme", NETWORK), Seen("youth", NETWORK)]
# One child in parcours per programme: below the threshold, so its quartier is shown to the
# programme's own coordination and référent only (to the others the year's quartiers are withheld).
QUARTIER_YOUTH = Seen("quartier_youth", {"own": only([Role.PROGRAMME_COORDINATOR, Role.REFERENT])})


def programme(world, target):
    return {"own": world.programme, "other_org": world.programme2, "other_network": world.other_programme}[target]


def organisation(world, target):
    return {"own": world.carrier, "other_org": world.carrier2, "other_network": world.other_carrier}[target]


def detail_targets():
    return {"own": ANY_MEMBER, "other_org": ANY_MEMBER, "other_network": ALL_404}


ENTRIES = [
    # The home page names nothing of another network.
    Entry(
        "home",
        {"list": ALL_200},
        hides=lambda w, t, r: [w.sentinels.texts(k, "other_network") for k in ("organisation", "programme", "youth")],
    ),
    Entry("territory:organisation_list", {"list": ALL_200}, content=[Seen("organisation", NETWORK)]),
    Entry(
        "territory:organisation_detail",
        detail_targets(),
        lambda w, t: {"pk": organisation(w, t).pk},
        content=[Seen("organisation", NETWORK)],
    ),
    Entry("territory:programme_list", {"list": ALL_200}, content=[Seen("programme", NETWORK)]),
    Entry(
        "territory:programme_detail",
        detail_targets(),
        lambda w, t: {"pk": programme(w, t).pk},
        # The per-quartier youth of a programme: its own only, never another programme's.
        content=[Seen("programme", NETWORK), Seen("youth", NETWORK), QUARTIER_YOUTH],
    ),
    Entry(
        "territory:territory_list", {"list": ALL_200}, content=[Seen("programme", NETWORK), Seen("quartier", NETWORK)]
    ),
    Entry("territory:youth_counts", {"list": ALL_200}, content=YOUTH),
    Entry(
        "territory:youth_count_edit",
        {
            "own": only([Role.METROPOLE_COORDINATOR, Role.PROGRAMME_COORDINATOR]),
            "other_org": only([Role.METROPOLE_COORDINATOR]),
            "other_network": ALL_404,
        },
        lambda w, t: {"pk": programme(w, t).pk},
    ),
    # API
    Entry("api:api-root", {"list": ALL_200}, anonymous=403),
    Entry(
        "api:me",
        {"list": ALL_200},
        anonymous=403,
        hides=lambda w, t, r: [w.sentinels.texts(k, "other_network") for k in ("organisation", "network")],
    ),
    # Deny by default: the schema and its documentation are for signed-in users (DRF answers 403).
    Entry("api:schema", {"list": ALL_200}, anonymous=403),
    Entry("api:docs", {"list": ALL_200}, anonymous=403),
    *[
        Entry(f"api:{basename}-list", {"list": ALL_200}, anonymous=403, content=[Seen(kind, NETWORK)])
        for basename, kind in [
            ("network", "network"),
            ("commune", "programme"),
            ("quartier", "quartier"),
            ("organisation", "organisation"),
            ("youth-count", "youth"),
        ]
    ],
    # Programmes are listed by name ("PRE de <commune>").
    Entry("api:programme-list", {"list": ALL_200}, anonymous=403, content=[Seen("programme", NETWORK)]),
    Entry("api:youth-count-printed-checks", {"list": ALL_200}, anonymous=403),
    Entry(
        "api:network-detail",
        {"own": ANY_MEMBER, "other_network": ALL_404},
        lambda w, t: {"pk": (w.network if t == "own" else w.other_network).pk},
        anonymous=403,
    ),
    Entry("api:commune-detail", detail_targets(), lambda w, t: {"pk": programme(w, t).commune_id}, anonymous=403),
    Entry(
        "api:organisation-detail",
        detail_targets(),
        lambda w, t: {"pk": organisation(w, t).pk},
        anonymous=403,
        content=[Seen("organisation", NETWORK)],
    ),
    Entry(
        "api:programme-detail",
        detail_targets(),
        lambda w, t: {"pk": programme(w, t).pk},
        anonymous=403,
        content=[Seen("programme", NETWORK)],
    ),
    Entry(
        "api:programme-youth-by-quartier",
        detail_targets(),
        lambda w, t: {"pk": programme(w, t).pk},
        anonymous=403,
        content=[QUARTIER_YOUTH],
    ),
    Entry(
        "api:quartier-detail",
        detail_targets(),
        lambda w, t: {"pk": programme(w, t).commune.quartiers.get_or_create(name="Q", kind="qpv")[0].pk},
        anonymous=403,
    ),
    Entry(
        "api:youth-count-detail",
        detail_targets(),
        lambda w, t: {"pk": YouthCountFactory(programme=programme(w, t), year=2015).pk},
        anonymous=403,
    ),
]

# Onboarding pages: the métropole coordination maintains its own network's referential; other roles
# get 403 on the creation pages and 404 on an object's, another network's objects are 404 to all.
COORDINATION = only([Role.METROPOLE_COORDINATOR], no=403)
COORDINATION_OBJECT = {
    "own": only([Role.METROPOLE_COORDINATOR]),
    "other_org": only([Role.METROPOLE_COORDINATOR]),
    "other_network": ALL_404,
}


def _current_representative(w, t):
    return organisation(w, t).representatives.create(
        full_name="Mandat en cours", capacity="Président", valid_from=datetime.date(2020, 1, 1)
    )


def _organisation_named(w, t, r):
    return [w.sentinels.texts("organisation", t)] if r == Role.METROPOLE_COORDINATOR else []


ENTRIES += [
    Entry(
        "territory:organisation_create",
        {"list": COORDINATION},
        # The commune choices (communes are the programme sentinels) are the network's only.
        content=[
            Seen("programme", {"own": COORDINATION, "other_org": COORDINATION, "other_network": only([], no=403)})
        ],
    ),
    Entry(
        "territory:organisation_edit",
        COORDINATION_OBJECT,
        lambda w, t: {"pk": organisation(w, t).pk},
        content=[Seen("organisation", COORDINATION_OBJECT)],
    ),
    Entry(
        "territory:representative_add",
        COORDINATION_OBJECT,
        lambda w, t: {"pk": organisation(w, t).pk},
        content=[Seen("organisation", COORDINATION_OBJECT)],
    ),
    Entry(
        "territory:representative_end",
        {
            "own": only([Role.METROPOLE_COORDINATOR], yes=302),
            "other_org": only([Role.METROPOLE_COORDINATOR], yes=302),
            "other_network": ALL_404,
        },
        lambda w, t: {
            "pk": organisation(w, t)
            .representatives.create(
                full_name="Mandat en cours", capacity="Président", valid_from=datetime.date(2020, 1, 1)
            )
            .pk
        },
        method="post",
        data=lambda w, t: {"valid_until": "2024-06-30"},
    ),
    Entry("territory:commune_create", {"list": COORDINATION}),
    Entry(
        "territory:quartier_add",
        COORDINATION_OBJECT,
        lambda w, t: {"pk": programme(w, t).commune_id},
        content=[Seen("programme", COORDINATION_OBJECT)],
    ),
    Entry(
        "territory:programme_create",
        {"list": COORDINATION},
        # The choices name the network's organisations and communes, never another network's.
        content=[
            Seen("organisation", {"own": COORDINATION, "other_org": COORDINATION, "other_network": only([], no=403)}),
            Seen("programme", {"own": COORDINATION, "other_org": COORDINATION, "other_network": only([], no=403)}),
        ],
    ),
    Entry(
        "territory:carrier_add",
        COORDINATION_OBJECT,
        lambda w, t: {"pk": programme(w, t).pk},
        content=[Seen("programme", COORDINATION_OBJECT)],
    ),
]
