"""Permission matrix of reporting: dashboards, the State survey (page, CSV, XLSX), annual figures,
the activity report and its texts, the indicators API.

Who reads the indicators: the métropole coordination and finance officers of the network, its
programme coordinations and readers (elected members); référents, psychologists, board
secretaries and users without membership get 404. Contents are checked with the sentinel youth
counts of 2016 (4 321 own, 5 432 other organisation, 6 543 other network) and programme names.
"""

from reussite.accounts.models import Role
from tests.matrix import Entry, Seen, only, statuses

READERS = [Role.METROPOLE_COORDINATOR, Role.FINANCE_OFFICER, Role.PROGRAMME_COORDINATOR, Role.READER]
READ = only(READERS)
NETWORK = {"own": READ, "other_org": READ, "other_network": statuses(404)}


# The network's pages (survey, its CSV and XLSX): the youth counts and names of the programmes of the
# user's network (own, other organisation), never another network's. These pages list no model rows
# through the scoping rules: they aggregate the one network the user's memberships designate
# (reussite/reporting/access.py), so they are marked ``rows_scoped=False`` and
# tests/reporting/test_matrix_catches_access_leaks.py proves instead that reading another network
# turns them red.
NETWORK_CONTENT = [Seen("youth", NETWORK), Seen("programme", NETWORK)]


def programme_kwargs(world, target, **extra):
    world.sentinels.texts("youth", target)
    return {"year": 2016, "pk": world.sentinels.programme(target).pk, **extra}


def year(world, target, **extra):
    world.sentinels.texts("youth", "own")  # builds the three targets' counts
    return {"year": 2016, **extra}


def nothing_nominative(world):
    """The sentinel children (tests/parcours/factories.py): no reporting page names one, nor shows a
    child's code, whatever the role."""
    from tests.parcours.factories import children_of

    return [t for child in children_of(world).values() for t in (child.last_name, child.first_name, child.code)]


def never_other_network(world, target, role):
    return [("Cholet",), ("6 543", "6543"), *nothing_nominative(world)]


def nominative(world, target, role):
    return nothing_nominative(world)


def report_shows(world, target, role):
    world.sentinels.texts("youth", "own")
    # the network's youth identified in 2016: 4 321 + 5 432
    return [("9 753", "9753")] if READ[role] == 200 else []


ENTRIES = [
    Entry("reporting:dashboard", {"list": READ}, hides=never_other_network),
    Entry(
        "reporting:survey_network",
        {"list": READ},
        year,
        content=NETWORK_CONTENT,
        hides=nominative,
        rows_scoped=False,
    ),
    Entry(
        "reporting:survey_network_export",
        {"list": READ},
        lambda w, t: year(w, t, fmt="csv"),
        content=NETWORK_CONTENT,
        rows_scoped=False,
    ),
    Entry(
        "reporting:survey_network_export",
        {"list": READ},
        lambda w, t: year(w, t, fmt="xlsx"),
        content=NETWORK_CONTENT,
        rows_scoped=False,
    ),
    Entry("reporting:survey_programme", NETWORK, programme_kwargs, content=[Seen("youth", NETWORK)], hides=nominative),
    Entry(
        "reporting:survey_programme_export",
        NETWORK,
        lambda w, t: programme_kwargs(w, t, fmt="csv"),
        content=[Seen("youth", NETWORK)],
    ),
    Entry(
        "reporting:annual_figures",
        {
            "own": only([Role.PROGRAMME_COORDINATOR, Role.METROPOLE_COORDINATOR]),
            "other_org": only([Role.METROPOLE_COORDINATOR]),
            "other_network": statuses(404),
        },
        programme_kwargs,
    ),
    Entry("reporting:report_pdf", {"list": READ}, year, shows=report_shows, hides=never_other_network),
    Entry(
        "reporting:report_texts",
        {
            "own": only([Role.PROGRAMME_COORDINATOR]),
            "other_org": only([Role.METROPOLE_COORDINATOR]),
            "other_network": statuses(404),
        },
        lambda w, t: {
            "year": 2016,
            "organisation_pk": {"own": w.carrier, "other_org": w.metropole, "other_network": w.other_metropole}[t].pk,
        },
    ),
    Entry("api:indicators-list", {"list": READ}, anonymous=403, hides=never_other_network),
]
