"""Youth identified computed from the parcours, beside or instead of the recorded counts."""

import datetime

from django.urls import reverse

from reussite.accounts.models import Role
from reussite.parcours.models import Child, Household, ParcoursPeriod, Referral
from reussite.parcours.youth import computed_quartier_counts, computed_youth_counts, covered_years
from reussite.territory.models import YouthCount
from reussite.territory.youth import quartier_breakdown
from tests.factories import MembershipFactory, QuartierFactory, UserFactory
from tests.parcours.factories import make_child
from tests.query_counts import assert_constant_queries, count_queries

D = datetime.date


def in_parcours(programme, n, entered, exited=None, group=""):
    for i in range(n):
        name = f"Compte{group}{entered.isoformat()}{exited}{i}"
        child = make_child(programme, first_name=f"Enfant{i}", last_name=name)
        Referral.objects.filter(child=child).update(date=D(2024, 1, 8))
        ParcoursPeriod.objects.create(child=child, programme=programme, entered_on=entered, exited_on=exited)


def test_covered_years():
    assert covered_years(None, D(2026, 12, 1)) == []
    assert covered_years(D(2024, 3, 1), D(2026, 12, 1)) == [2024, 2025, 2026]


def test_children_with_a_parcours_active_during_the_year(world):
    in_parcours(world.programme, 3, D(2024, 2, 1), D(2024, 12, 31))  # 2024 only
    in_parcours(world.programme, 2, D(2025, 12, 31))  # 2025 and 2026
    in_parcours(world.programme, 1, D(2024, 6, 1), D(2026, 1, 1))  # 2024, 2025, 2026
    # A child with two periods in a year counts once.
    child = Child.objects.filter(programme=world.programme).first()
    ParcoursPeriod.objects.create(
        child=child, programme=world.programme, entered_on=D(2024, 3, 1), exited_on=D(2024, 4, 1)
    )
    counts = {(p, y): c for _n, p, y, c in computed_youth_counts([world.network.pk], D(2026, 12, 1))}
    assert counts == {(world.programme.pk, 2024): 4, (world.programme.pk, 2025): 3, (world.programme.pk, 2026): 3}


def test_youth_table_uses_computed_counts_and_flags_a_recorded_one_that_differs(client, world):
    in_parcours(world.programme, 6, D(2024, 2, 1))
    YouthCount.objects.create(network=world.network, programme=world.programme, year=2025, count=9)
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    text = client.get(reverse("territory:youth_counts")).content.decode()
    assert '6<br><span class="muted small">calculé</span>' in text  # 2024 and 2026: computed
    assert '9<br><span class="small verdict verdict-ko">calculé : 6 (écart -3)</span>' in text  # 2025: as recorded


def test_computed_counts_are_suppressed_like_recorded_ones(client, world):
    in_parcours(world.programme, 3, D(2024, 2, 1))  # 3 children: below the threshold
    in_parcours(world.programme2, 7, D(2024, 2, 1))
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    text = client.get(reverse("territory:youth_counts")).content.decode()
    assert "&lt; 5" in text or "< 5" in text
    assert ">3<" not in text and "3<br>" not in text
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))  # the programme's own coordination reads it
    assert (
        '3<br><span class="muted small">calculé</span>'
        in client.get(reverse("territory:youth_counts")).content.decode()
    )


def test_programme_page_shows_computed_counts_too(client, world):
    in_parcours(world.programme, 6, D(2024, 2, 1))
    YouthCount.objects.create(network=world.network, programme=world.programme, year=2025, count=9)
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    text = client.get(reverse("territory:programme_detail", kwargs={"pk": world.programme.pk})).content.decode()
    assert '<td>2024</td><td class="num">6 <span class="muted small">calculé</span>' in text
    assert '<td>2025</td><td class="num">9 <span class="muted small">calculé : 6 (écart -3)</span>' in text


def quartier_world(world):
    """2024: 6 children in the QPV « Les Grésilles », 3 in « Fontaine d'Ouche », 2 without a
    resolved quartier (left on 31 December 2024); 2025 and 2026: the first 9."""
    gresilles = QuartierFactory(commune=world.programme.commune, name="Les Grésilles", code="QN02101M")
    ouche = QuartierFactory(commune=world.programme.commune, name="Fontaine d'Ouche", code="")
    for quartier, n, exited in ((gresilles, 6, None), (ouche, 3, None), (None, 2, D(2024, 12, 31))):
        before = list(Child.objects.values_list("pk", flat=True))
        in_parcours(world.programme, n, D(2024, 2, 1), exited, group=str(n))
        Household.objects.filter(children__in=Child.objects.exclude(pk__in=before)).update(quartier=quartier)
    return gresilles, ouche


def test_quartier_counts_in_one_aggregate_query(world, django_assert_num_queries):
    gresilles, ouche = quartier_world(world)
    with django_assert_num_queries(1):
        rows = computed_quartier_counts(world.programme.pk, [2024, 2025, 2026])
    assert (2024, gresilles.pk, "Les Grésilles", "QN02101M", 6) in rows
    assert (2024, None, "", "", 2) in rows
    assert {(y, q): c for y, q, _n, _c, c in rows} == {
        (2024, None): 2,
        (2024, gresilles.pk): 6,
        (2024, ouche.pk): 3,
        (2025, gresilles.pk): 6,
        (2025, ouche.pk): 3,
        (2026, gresilles.pk): 6,
        (2026, ouche.pk): 3,
    }


def _page(client, user, programme):
    client.force_login(user)
    return client.get(reverse("territory:programme_detail", kwargs={"pk": programme.pk})).content.decode()


def test_programme_page_per_quartier_for_its_own_coordination(client, world):
    quartier_world(world)
    text = _page(client, world.user(Role.PROGRAMME_COORDINATOR), world.programme)
    assert "Jeunes en parcours par quartier" in text
    assert '<td>Les Grésilles</td><td>QN02101M</td><td class="num">6</td>' in text
    assert '<td>Fontaine d&#x27;Ouche</td><td>—</td><td class="num">3</td>' in text
    assert '<td>quartier non renseigné</td><td>—</td><td class="num">2</td>' in text
    assert text.count('Total du programme</th><td class="num">11</td>') == 1  # 2024
    assert text.count('Total du programme</th><td class="num">9</td>') == 2  # 2025, 2026


def test_programme_page_per_quartier_suppressed_for_another_programme(client, world):
    quartier_world(world)
    reader = UserFactory(username="coordination-brissac")
    MembershipFactory(user=reader, organisation=world.carrier2, role=Role.PROGRAMME_COORDINATOR)
    text = _page(client, reader, world.programme)
    assert '<td>Les Grésilles</td><td>QN02101M</td><td class="num">6</td>' in text
    assert '<td>Fontaine d&#x27;Ouche</td><td>—</td><td class="num">&lt; 5</td>' in text
    assert '<td>quartier non renseigné</td><td>—</td><td class="num">&lt; 5</td>' in text
    # The small numbers appear nowhere in the quartier tables.
    tables = text.split("Jeunes en parcours par quartier</h2>")[1]
    assert '"num">3<' not in tables and '"num">2<' not in tables


def test_secondary_suppression_keeps_a_single_small_quartier_underivable():
    rows = [(2025, 1, "A", "QN1", 6), (2025, 2, "B", "", 3)]
    (year,) = quartier_breakdown(rows, [2025], owned=False, readable_years={2025}, threshold=5)
    shown = {q.label: str(q.count) for q in year.rows}
    # B alone below 5 with the total 9 shown: A is withheld too, else B = 9 − 6.
    assert shown == {"A": "secret", "B": "< 5"} and year.total == 9
    (year,) = quartier_breakdown(rows, [2025], owned=True, readable_years=set(), threshold=5)
    assert {q.label: q.count for q in year.rows} == {"A": 6, "B": 3}
    (year,) = quartier_breakdown(rows, [2025], owned=False, readable_years=set(), threshold=5)
    assert year.rows == [] and year.total is None  # programme count withheld: no quartier shown


def test_programme_page_per_quartier_query_count_does_not_grow(client, world):
    url = reverse("territory:programme_detail", kwargs={"pk": world.programme.pk})
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    made = []

    def grow(n):
        in_parcours(world.programme, n - len(made), D(2024, 2, 1), group=str(n))
        made.extend(range(n - len(made)))

    assert_constant_queries(client, url, grow, maximum=16)


def test_api_youth_by_quartier_suppressed_like_the_page(client, world):
    quartier_world(world)
    url = f"/api/v1/programmes/{world.programme.pk}/youth-by-quartier/"
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    own = {(r["year"], r["quartier"]): r["count"] for r in client.get(url).json()}
    assert own[(2024, "quartier non renseigné")] == 2 and own[(2024, "Fontaine d'Ouche")] == 3
    assert own[(2025, "Les Grésilles")] == 6
    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    rows = client.get(url).json()
    small = [r for r in rows if r["quartier"] != "Les Grésilles"]
    assert small and all(r["count"] is None and r["withheld"] == "< 5" for r in small)
    # Another network's programme answers like a missing one.
    assert client.get(f"/api/v1/programmes/{world.other_programme.pk}/youth-by-quartier/").status_code == 404


def test_query_count_does_not_grow_with_the_years_the_platform_covers(client, world):
    """One aggregate for every covered year: a network on the platform for ten years costs the
    same queries as one that started this year (the benchmark found one query per year)."""
    urls = [reverse("territory:youth_counts"), reverse("territory:programme_detail", kwargs={"pk": world.programme.pk})]
    client.force_login(world.user(Role.PROGRAMME_COORDINATOR))
    in_parcours(world.programme, 1, D(2026, 2, 1), group="now")
    one_year = [count_queries(client, url) for url in urls]
    child = make_child(world.programme, first_name="Ancien", last_name="Dossier")
    Referral.objects.filter(child=child).update(date=D(2017, 3, 1))  # covered years: 2017 to 2026
    ParcoursPeriod.objects.create(child=child, programme=world.programme, entered_on=D(2017, 3, 1))
    ten_years = [count_queries(client, url) for url in urls]
    assert one_year == ten_years
    counts = {y: c for _n, p, y, c in computed_youth_counts([world.network.pk], D(2026, 12, 1))}
    assert sorted(counts) == list(range(2017, 2027)) and counts[2017] == 1 and counts[2026] == 2


def test_years_the_network_kept_no_parcours_in_have_no_computed_count(world):
    """Files of 2017 and of 2025 only: 2018–2024 were not kept on the platform, so they have no
    computed count (not zeros); in a kept year a programme without children counts 0."""
    in_parcours(world.programme, 2, D(2017, 3, 1), D(2017, 12, 1), group="old")
    in_parcours(world.programme, 1, D(2025, 3, 1), D(2025, 6, 1), group="new")
    Referral.objects.filter(child__programme=world.programme).update(date=D(2017, 3, 1))
    in_parcours(world.programme2, 1, D(2025, 3, 1), D(2025, 6, 1), group="other")
    counts = {(p, y): c for _n, p, y, c in computed_youth_counts([world.network.pk], D(2026, 12, 1))}
    assert counts == {
        (world.programme.pk, 2017): 2,
        (world.programme.pk, 2025): 1,
        (world.programme2.pk, 2025): 1,
    }
