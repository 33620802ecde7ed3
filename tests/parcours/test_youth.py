"""Youth identified computed from the parcours, beside or instead of the recorded counts."""

import datetime

from django.urls import reverse

from reussite.accounts.models import Role
from reussite.parcours.models import Child, ParcoursPeriod, Referral
from reussite.parcours.youth import computed_youth_counts, covered_years
from reussite.territory.models import YouthCount
from tests.parcours.factories import make_child

D = datetime.date


def in_parcours(programme, n, entered, exited=None):
    for i in range(n):
        name = f"Compte{entered.isoformat()}{exited}{i}"
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
