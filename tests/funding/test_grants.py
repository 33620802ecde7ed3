"""Grants (outgoing money): envelopes distributed to beneficiaries by a rule.

Fixtures written from real public texts:
- fixed amounts: a commune's council of 3 April voting its subsidies to associations (article on
  europesays.com/fr/60761): "14 600 € pour le théâtre de la Gâterie, 10 000 € pour le club de danse,
  50 000 € pour l'école de musique, 5 100 € pour l'atelier d'arts plastiques et 3 900 pour Terre
  d'art. L'association L'Outil en main percevra 1 500 € et l'Union nationale des combattants
  1 000 €" — the envelope is printed only as "près de 90 000 €", so it is not recorded (never
  invented); "Les associations de quartier recevront chacune la somme de 150 €" is a rate per unit;
- a rate per unit: the fonds d'amorçage of the school-rhythm reform (Le Monde, 21 June 2013):
  "fixée à 50 euros par élève et par an" (pupil counts per commune are the test's);
- instalments: the règlement of the communauté de communes Alpes Provence Verdon (9 February 2021),
  "Toutes les subventions allouées pour un montant supérieur à 1 000 € feront l'objet du versement
  d'un acompte de 80 % … puis des 20 % restant";
- an envelope with a balance left: Gardanne, vote of the subsidies 2008, "une enveloppe globale de
  1 500 485 €uros … à la fin, il y a un montant un peu inférieur" (the annexed list is not in the
  text: the lines below are the test's).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reussite.core.numbers import Verdict
from reussite.funding import computations as comp
from reussite.funding import services
from reussite.funding.models import CallForFunds, Grant, GrantEnvelope, GrantPayment
from tests.funding.factories import make_convention

pytestmark = pytest.mark.django_db
D = Decimal
CULTURE = [
    ("Théâtre de la Gâterie", D("14600")),
    ("Club de danse", D("10000")),
    ("École de musique", D("50000")),
    ("Atelier d'arts plastiques", D("5100")),
    ("Terre d'art", D("3900")),
    ("L'Outil en main", D("1500")),
    ("Union nationale des combattants", D("1000")),
]


def _envelope(world, **fields):
    defaults = {"network": world.network, "grantor": world.carrier, "title": "Subventions", "year": 2025}
    return GrantEnvelope(**{**defaults, **fields})


def test_fixed_amounts_as_printed_without_inventing_the_envelope(world):
    envelope = services.save_grant_envelope(
        _envelope(world, rule="fixed", title="Associations culturelles"),
        [services.GrantData(name, fixed_amount=amount, printed_amount=amount) for name, amount in CULTURE],
    )
    panel = services.grant_panel_for(envelope, list(envelope.grants.order_by("position")))
    assert panel.total_granted == D("86100")
    assert panel.balance_left is None  # "près de 90 000 €" is not an amount
    assert not panel.problems and all(c.verdict == Verdict.HOLDS for c in panel.checks)


def test_a_rate_per_unit_flags_a_printed_amount_that_does_not_follow_it():
    panel = comp.build_grant_panel(
        "rate",
        [
            comp.GrantInput("Commune A", units=D(120), printed_amount=D("6000")),
            comp.GrantInput("Commune B", units=D(85), printed_amount=D("4500")),  # 85 × 50 = 4 250
            comp.GrantInput("Commune C"),  # count not printed: unknown, not zero
        ],
        unit_rate=D("50"),
        unit_label="élève",
    )
    assert [r.amount for r in panel.rows] == [D("6000"), D("4250"), None]
    checks = {c.label: c for c in panel.checks}
    assert checks["Montant imprimé — Commune A"].verdict == Verdict.HOLDS
    b = checks["Montant imprimé — Commune B"]
    assert b.verdict == Verdict.DIFFERS and "85 élève(s) × 50,00" in b.detail and "ne suit pas la règle" in b.detail
    assert checks["Subvention — Commune C"].verdict == Verdict.UNVERIFIABLE


def test_quarter_associations_150_each_and_a_ceiling():
    panel = comp.build_grant_panel(
        "rate",
        [comp.GrantInput("Association du quartier nord", units=D(1)), comp.GrantInput("Fédération", units=D(3))],
        unit_rate=D("150"),
        ceiling=D("300"),
        unit_label="association",
    )
    assert [(r.amount, r.capped) for r in panel.rows] == [(D("150"), False), (D("300"), True)]


def test_a_key_splits_the_envelope_by_largest_remainder():
    panel = comp.build_grant_panel(
        "key",
        [comp.GrantInput(n, weight=D(w)) for n, w in (("A", 1), ("B", 1), ("C", 1))],
        total_amount=D("1000"),
        unit=D("1"),
    )
    assert sorted(r.amount for r in panel.rows) == [D(333), D(333), D(334)]
    assert panel.balance_left == 0


def test_gardanne_envelope_balance_left_and_an_exceeded_one():
    lines = [
        comp.GrantInput("Association 1", fixed_amount=D("900000")),
        comp.GrantInput("Association 2", fixed_amount=D("550000")),
    ]
    panel = comp.build_grant_panel("fixed", lines, total_amount=D("1500485"))
    assert panel.balance_left == D("50485")
    assert next(c for c in panel.checks if c.label == "Enveloppe").verdict == Verdict.HOLDS
    over = comp.build_grant_panel("fixed", lines, total_amount=D("1400000"))
    assert "dépassent de 50\u202f000,00" in next(c for c in over.checks if c.label == "Enveloppe").detail


def test_instalments_advance_80_percent_above_1000():
    assert comp.instalments(D("2500"), D("80"), D("1000"), D("0.01")) == (D("2000.00"), D("500.00"))
    assert comp.instalments(D("800"), D("80"), D("1000"), D("0.01")) == (None, D("800"))
    assert comp.instalments(D("1000"), D("80"), D("1000"), D("0.01")) == (None, D("1000"))


def refused(text, call, *args, **kwargs):
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    assert any(text in m for m in error.value.messages), error.value.messages


@pytest.fixture
def ccapv(world):
    envelope = services.save_grant_envelope(
        _envelope(
            world,
            rule="fixed",
            advance_percent=D("80"),
            advance_threshold=D("1000"),
            decision_date=datetime.date(2025, 2, 9),
        ),
        [services.GrantData("Club A", fixed_amount=D("2500")), services.GrantData("Club B", fixed_amount=D("800"))],
    )
    return envelope


def test_payments_go_in_instalments(world, ccapv):
    club_a, club_b = ccapv.grants.order_by("position")
    day = datetime.date(2025, 3, 1)
    pay = services.record_grant_payment
    pay(club_a, kind="advance", amount=D("2000"), paid_on=day)
    refused("l'avance prévue est de 2\u202f000,00", pay, club_a, kind="advance", amount=D("1"), paid_on=day)
    refused("dépasse le reste à verser", pay, club_a, kind="balance", amount=D("501"), paid_on=day)
    pay(club_a, kind="balance", amount=D("500"), paid_on=day)
    refused("ne prévoit pas d'avance", pay, club_b, kind="advance", amount=D("100"), paid_on=day)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refused(
        "Date du versement : elle ne peut pas être dans le futur",
        pay,
        club_b,
        kind="whole",
        amount=D("800"),
        paid_on=tomorrow,
    )
    refused(
        "elle ne peut précéder la décision d'attribution",
        pay,
        club_b,
        kind="whole",
        amount=D("800"),
        paid_on=datetime.date(2025, 1, 1),
    )
    assert GrantPayment.objects.count() == 2


def test_beneficiaries_are_never_debtors(client, world, ccapv):
    """A provider receiving a grant is paid: no call for funds names it, none is created."""
    make_convention(world.metropole, [world.carrier], issue=True)
    before = CallForFunds.objects.count()
    services.save_grant_envelope(
        _envelope(world, rule="fixed", title="Prestations"),
        [services.GrantData("Cabinet A", beneficiary=world.provider, fixed_amount=D("1200"))],
    )
    assert CallForFunds.objects.count() == before
    assert not CallForFunds.objects.filter(party__organisation=world.provider).exists()
    client.force_login(world.user("finance_officer"))
    calls = client.get(reverse("funding:call_list")).content.decode()
    assert "Cabinet A" not in calls


def test_the_pages_enter_a_decision_and_flag_what_does_not_follow_the_rule(client, world):
    client.force_login(world.user("board_secretary"))
    data = {
        "title": "Fonds d'amorçage — rythmes scolaires",
        "year": "2025",
        "grantor": world.carrier.pk,
        "decision_reference": "DEL-2025-12",
        "decision_date": "2025-03-01",
        "rule": "rate",
        "unit_label": "élève",
        "unit_rate": "50",
        "rounding_unit": "0.01",
        "source_title": "Le Monde, 21 juin 2013",
        "subventions-TOTAL_FORMS": "3",
        "subventions-INITIAL_FORMS": "0",
        "subventions-0-beneficiary_name": "Commune A",
        "subventions-0-units": "120",
        "subventions-0-printed_amount": "6 000",
        "subventions-1-beneficiary_name": "Commune B",
        "subventions-1-units": "85",
        "subventions-1-printed_amount": "4 500",
    }
    response = client.post(reverse("funding:grant_create"), data)
    assert response.status_code == 302, response.content.decode()
    envelope = GrantEnvelope.objects.get()
    assert envelope.network == world.network and envelope.source.title == "Le Monde, 21 juin 2013"
    assert list(Grant.objects.order_by("position").values_list("amount", flat=True)) == [D("6000"), D("4250")]
    page = client.get(reverse("funding:grant_detail", args=[envelope.pk])).content.decode()
    assert "ne suit pas la règle" in page
    api = client.get(reverse("api:grant-envelope-checks", args=[envelope.pk])).json()
    assert [r["printed_differs"] for r in api["rows"]] == [False, True]
    # Same beneficiary twice: refused, nothing saved.
    data["subventions-1-beneficiary_name"] = "Commune A"
    response = client.post(reverse("funding:grant_edit", args=[envelope.pk]), data)
    assert "ce bénéficiaire figure déjà dans l&#x27;enveloppe" in response.content.decode()
    assert Grant.objects.count() == 2


def test_a_rate_envelope_without_its_rate_is_refused_in_french(client, world):
    client.force_login(world.user("finance_officer"))
    response = client.post(
        reverse("funding:grant_create"),
        {
            "title": "Sans taux",
            "year": "2025",
            "grantor": world.carrier.pk,
            "rule": "rate",
            "rounding_unit": "0.01",
            "subventions-TOTAL_FORMS": "0",
            "subventions-INITIAL_FORMS": "0",
        },
    )
    assert "Taux par unité : obligatoire pour une règle au taux par unité." in response.content.decode()
    assert not GrantEnvelope.objects.exists()


def test_the_beneficiaries_export_as_csv_for_french_excel(client, world):
    envelope = services.save_grant_envelope(
        _envelope(world, rule="rate", unit_rate=D("50"), unit_label="élève"),
        [
            services.GrantData("=HYPERLINK(1)", units=D("85"), printed_amount=D("4500")),
            services.GrantData("Commune A", units=D("120.5")),
        ],
    )
    client.force_login(world.user("finance_officer"))
    response = client.get(reverse("funding:grant_detail", args=[envelope.pk]), {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Bénéficiaire;Unités")
    assert lines[1].startswith("'=HYPERLINK(1);85,00;") and ";4250,00;;4500,00;non;" in lines[1]
    assert ";6025,00;" in lines[2]  # 120,5 × 50


@pytest.mark.parametrize("year", ["²", "99999999999999999999"])
def test_a_grant_list_year_that_is_not_a_year_is_ignored(client, world, year):
    from reussite.accounts.models import Role

    client.force_login(world.user(Role.METROPOLE_COORDINATOR))
    assert client.get(reverse("funding:grant_list") + f"?annee={year}").status_code == 200
