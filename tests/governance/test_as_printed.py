"""Registers typed as real documents print them (issue 11, « Deliberations registry »).

Each fixture is written from the text of a real public document (named in the test's docstring):
what it prints is entered, nothing more; the platform's figures are compared and its flags checked.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from reussite.accounts.models import Role
from reussite.core.numbering import last_number
from reussite.governance import services
from reussite.governance.extract import build_extract
from reussite.governance.models import Attendance, Body, Deliberation, Member
from reussite.governance.rules_engine import Verdict, sequence_from_printed_number
from tests.governance.factories import BodyFactory, all_present, board, sitting

pytestmark = pytest.mark.django_db

P, R, E, A, AE = (
    Attendance.Status.PRESENT,
    Attendance.Status.REPRESENTED,
    Attendance.Status.EXCUSED,
    Attendance.Status.ABSENT,
    Attendance.Status.ABSENT_OR_EXCUSED,
)


def members_of(body, names, **kwargs):
    return {
        name: Member.objects.create(body=body, civility="", last_name=name, rank=rank, **kwargs)
        for rank, name in enumerate(names)
    }


def verdicts(deliberation):
    return {check.rule: check for check in services.checks(deliberation)}


def extract_html(deliberation):
    deliberation = Deliberation.objects.get(pk=deliberation.pk)
    return render_to_string("governance/extract_print.html", {"extract": build_extract(deliberation)})


# --- Saint-Vincent-de-Durfort, conseil municipal du 16 septembre 2019 -------------------------------

DURFORT_PRESENT = [
    "TERROT DONTENWILL",
    "BORDIGONI",
    "CHAMBONNET",
    "FOLCHER",
    "MONDON",
    "RÉNÉ",
    "ROUCAUTE",
    "RIOUBON",
    "VAN ZUUK",
]


@pytest.fixture
def durfort(world):
    """Compte-rendu du conseil municipal de Saint-Vincent-de-Durfort du 16 septembre 2019
    (fr.readkong.com/page/commune-de-saint-vincent-de-durfort-4203571): « Date de convocation :
    11 septembre 2019 », nine « Présents » printed without civility, « Absents excusés : Denis ESCLAINE,
    Michel LANG » (one list), « Procurations : Denis ESCLAINE à Marylène FOLCHER », « Secrétaire de
    séance : Eliane BORDIGONI »; it cites « Délibération n° 1906201901 du 19 juin 2019 »."""
    body = BodyFactory(organisation=world.carrier, kind=Body.Kind.MUNICIPAL_COUNCIL, name="Conseil municipal")
    members = members_of(body, [*DURFORT_PRESENT, "ESCLAINE", "LANG"])
    return body, members


def test_durfort_without_civility_one_absent_or_excused_list_and_a_printed_number(durfort):
    body, m = durfort
    # The sitting of 19 June 2019, whose convocation date the compte-rendu does not print.
    june = services.prepare_sitting(
        body,
        date=datetime.date(2019, 6, 19),
        president=m["TERROT DONTENWILL"],
        items=[("Transfert compétence eau", "Transfert compétence eau.")],
    )
    item = june.items.get()
    all_present(item, list(m.values()))
    cited = services.record_vote(item, vote_mode="unanimous", printed_number="1906201901")
    assert (cited.reference, cited.number, cited.year) == ("1906201901", 1, 2019)
    assert verdicts(cited)["Délai de convocation"].verdict == Verdict.UNVERIFIABLE
    assert "non précisée" in extract_html(cited)

    september = services.prepare_sitting(
        body,
        date=datetime.date(2019, 9, 16),
        convened_on=datetime.date(2019, 9, 11),
        president=m["TERROT DONTENWILL"],
        secretary=m["BORDIGONI"],
        items=[
            ("Motion « Soutenir l'aide alimentaire européenne »", "Motion « Soutenir l'aide alimentaire européenne ».")
        ],
    )
    item = september.items.get()
    entries = {m[name].pk: (P, None) for name in DURFORT_PRESENT}
    entries[m["ESCLAINE"].pk] = (R, m["FOLCHER"].pk)
    entries[m["LANG"].pk] = (AE, None)
    services.record_attendance(item, entries)
    deliberation = services.record_vote(item, vote_mode="unanimous")
    # New numbers continue after the highest one of the year (the printed 1906201901 is the 1st).
    assert deliberation.reference == "2019-002"
    assert (deliberation.present_count, deliberation.represented_count, deliberation.votes_for) == (9, 1, 10)
    checks = verdicts(deliberation)
    assert checks["Délai de convocation"].verdict == Verdict.OK  # 12, 13, 14, 15: 4 clear days
    assert checks["Pouvoirs par mandataire"].verdict == Verdict.OK
    html = extract_html(deliberation)
    assert "Membres absents ou excusés : (1) LANG." in html
    assert "ESCLAINE représenté par FOLCHER" in html
    assert "Secrétaire de séance : BORDIGONI." in html


# --- CCAS, conseil d'administration du 18 janvier 2021 ---------------------------------------------

CCAS_2021 = [
    ("M.", "REHN"),
    ("Mme", "LEVAIN-LAURENCEAU"),
    ("M.", "OUDIN"),
    ("Mme", "POITRIMOL"),
    ("M.", "BIGORGNE"),
    ("Mme", "AUGIZEAU"),
    ("Mme", "RIGAUD"),
    ("Mme", "YOVANOVITCH"),
    ("Mme", "BOULEZ"),
    ("Mme", "HERVEUX"),
]


@pytest.fixture
def ccas_2021(world):
    """Compte-rendu de la séance du conseil d'administration du CCAS du 18 janvier 2021 (123dok.net,
    « compte-seance-conseil-administration-centre-communal-sociale-janvier »): convened on 12 January
    2021, ten « Présents », « Etait absente représentée : Mme Annie BRANGBOUR mandataire M. Yves REHN »,
    secretary M. Chris BIGORGNE, « Délibération n° 2021-01-001 » (Débat d'orientations budgétaires).
    The members in office are not printed (« formant la majorité des membres en exercice »)."""
    body = BodyFactory(organisation=world.carrier)
    members = {
        name: Member.objects.create(body=body, civility=civility, last_name=name, rank=rank)
        for rank, (civility, name) in enumerate([*CCAS_2021, ("Mme", "BRANGBOUR")])
    }
    session = services.prepare_sitting(
        body,
        date=datetime.date(2021, 1, 18),
        convened_on=datetime.date(2021, 1, 12),
        president=members["REHN"],
        secretary=members["BIGORGNE"],
        items=[("Débat d'Orientations Budgétaires 2021", "Le conseil prend acte du débat.")],
    )
    item = session.items.get()
    entries = {members[name].pk: (P, None) for _, name in CCAS_2021}
    entries[members["BRANGBOUR"].pk] = (R, members["REHN"].pk)
    services.record_attendance(item, entries)
    return body, members, item


def test_past_register_keeps_its_printed_number_and_new_numbers_follow_in_sitting_order(ccas_2021):
    body, members, item = ccas_2021
    printed = services.record_vote(item, vote_mode="unanimous", printed_number="2021-01-001")
    assert (printed.reference, printed.number) == ("2021-01-001", 1)
    assert last_number("governance.deliberation", body.pk, 2021) == 1
    assert printed.votes_for == 11  # 10 present + 1 represented
    assert verdicts(printed)["Membres en exercice"].verdict == Verdict.UNVERIFIABLE  # not printed

    # The same order twice is refused.
    later = sitting(
        body, list(members.values()), date=datetime.date(2021, 3, 29), convened_on=datetime.date(2021, 3, 20)
    )
    later_item = later.items.get()
    all_present(later_item, list(members.values()))
    with pytest.raises(ValidationError) as error:
        services.record_vote(later_item, vote_mode="unanimous", printed_number="2021-03-001")
    assert "déjà celui de la délibération n° 2021-01-001" in error.value.message_dict["printed_number"][0]
    # Without a printed number: the next one of the year.
    assert services.record_vote(later_item, vote_mode="unanimous").reference == "2021-002"

    # A sitting between the two, entered without its printed number: refused (sitting order).
    between = sitting(
        body, list(members.values()), date=datetime.date(2021, 2, 15), convened_on=datetime.date(2021, 2, 8)
    )
    between_item = between.items.get()
    all_present(between_item, list(members.values()))
    with pytest.raises(ValidationError) as error:
        services.record_vote(between_item, vote_mode="unanimous")
    assert "une séance antérieure s'enregistre avec le numéro imprimé" in error.value.message_dict["printed_number"][0]
    # An unreadable printed number asks for its order.
    with pytest.raises(ValidationError) as error:
        services.record_vote(between_item, vote_mode="unanimous", printed_number="DOB")
    assert "Rang dans l'année" in error.value.message_dict["printed_order"][0]
    assert services.record_vote(between_item, vote_mode="unanimous", printed_number="DOB", printed_order=5).number == 5
    assert last_number("governance.deliberation", body.pk, 2021) == 5


def test_a_proxy_without_a_named_holder_still_votes_and_the_rule_cannot_be_verified(ccas_2021):
    """The model acts of the UDCCAS « Renouvellement du conseil d'administration du CCAS/CIAS »
    (docplayer.fr/1496482) print « Excusés : … Procurations : … » and say the names of the holders
    may be added « entre parenthèses » — so an extract may name who gave a proxy and not to whom."""
    body, members, item = ccas_2021
    entries = {members[name].pk: (P, None) for _, name in CCAS_2021}
    entries[members["BRANGBOUR"].pk] = (R, None)
    services.record_attendance(item, entries)
    deliberation = services.record_vote(item, vote_mode="unanimous", printed_voters=11)
    assert deliberation.votes_for == 11
    checks = verdicts(deliberation)
    assert checks["Pouvoirs par mandataire"].verdict == Verdict.UNVERIFIABLE
    assert "Mme BRANGBOUR" in checks["Pouvoirs par mandataire"].message
    assert checks["Votants"].verdict == Verdict.OK
    assert "Mme BRANGBOUR (pouvoir, mandataire non précisé)" in extract_html(deliberation)


# --- Sèvres, conseil municipal du 9 décembre 2010 (counts only) ------------------------------------


def test_counts_only_with_a_departure_between_items(world):
    """Conseil municipal de Sèvres, séance du 9 décembre 2010 (docplayer.fr/1264369): « Le nombre
    des membres composant le Conseil est de 35, dont 27 présents », eight « AVAIENT DONNE POUVOIR »,
    and « Mme BOMPAIRE (jusqu'au point n° 16) », who held Mme DUCRET's proxy. Entered as counts only:
    no member is recorded, the printed 35 is the members in office."""
    body = BodyFactory(organisation=world.carrier, kind=Body.Kind.MUNICIPAL_COUNCIL, convocation_clear_days=5)
    session = services.prepare_sitting(
        body,
        date=datetime.date(2010, 12, 9),
        convened_on=datetime.date(2010, 11, 18),
        printed_members_in_office=35,
        items=[(f"Point {n}", f"Point {n}.") for n in range(1, 18)],
    )
    assert session.members_in_office == 35
    item16, item17 = session.items.get(position=16), session.items.get(position=17)
    services.record_attendance_counts(item16, present=27, represented=8, absent=0)
    # Mme BOMPAIRE leaves after item 16: one present fewer, and Mme DUCRET's proxy goes with her.
    services.record_attendance_counts(item17, present=26, represented=7)
    first = services.record_vote(item16, vote_mode="unanimous")
    second = services.record_vote(item17, vote_mode="counted", votes_for=30, votes_against=3, abstentions=0)
    assert (first.present_count, first.represented_count, first.votes_for) == (27, 8, 35)
    assert (second.present_count, second.represented_count, second.votes_cast) == (26, 7, 33)
    checks = verdicts(second)
    assert checks["Pouvoirs par mandataire"].verdict == Verdict.UNVERIFIABLE  # counts: holders unknown
    assert checks["Membres en exercice"].verdict == Verdict.BROKEN  # 35 printed, 0 members recorded
    html = extract_html(second)
    assert "Membres présents : 26." in html
    assert "Pouvoirs : 7." in html
    # More voters than members: refused with the rule.
    with pytest.raises(ValidationError) as error:
        services.record_attendance_counts(session.items.get(position=1), present=30, represented=8)
    assert "38" not in error.value.message_dict["present"][0]
    assert "30 présent(s) et 8 représenté(s) pour 35 membre(s)" in error.value.message_dict["present"][0]
    with pytest.raises(ValidationError) as error:
        services.record_attendance_counts(session.items.get(position=2), present=8, represented=9)
    assert "9 pouvoir(s) pour 8 présent(s)" in error.value.message_dict["represented"][0]


# --- members in office: the mayor presides a CCAS board -------------------------------------------


@pytest.mark.parametrize(("counted", "computed", "verdict"), [(False, 8, Verdict.OK), (True, 9, Verdict.BROKEN)])
def test_ex_officio_president_counted_or_not(world, counted, computed, verdict):
    """CCAS de Milly-sur-Thérain, règlement intérieur (milly-sur-therain.eu/ccas): the board is
    « présidé par le Maire » and the municipal council « a fixé à 8 le nombre d'administrateurs »: nine
    names, eight members in office printed (the names are not in the text: neutral ones here)."""
    body = BodyFactory(organisation=world.carrier, president_counted_in_office=counted)
    mayor = Member.objects.create(body=body, civility="M.", last_name="LE MAIRE", is_president=True, rank=0)
    members_of(body, [f"ADMINISTRATEUR {n}" for n in range(1, 9)])
    session = services.prepare_sitting(
        body,
        date=datetime.date(2024, 3, 12),
        convened_on=datetime.date(2024, 3, 5),
        president=mayor,
        secretary_name="Mme la directrice du CCAS",
        printed_members_in_office=8,
        items=[("Compte administratif", "Compte administratif.")],
    )
    assert session.members_in_office == computed
    item = session.items.get()
    all_present(item, list(body.members.all()))
    deliberation = services.record_vote(item, vote_mode="unanimous")
    check = verdicts(deliberation)["Membres en exercice"]
    assert check.verdict == verdict
    if verdict == Verdict.BROKEN:
        assert "8 imprimé, 9 calculé (écart de -1)" in check.message
        assert "Aucune explication" in check.message
    assert "Secrétaire de séance : Mme la directrice du CCAS." in extract_html(deliberation)


def test_a_secretary_is_a_member_or_a_staff_member_not_both(world):
    body, members = board(world.carrier, size=3)
    with pytest.raises(ValidationError) as error:
        services.prepare_sitting(
            body,
            date=datetime.date(2024, 3, 12),
            secretary=members[0],
            secretary_name="Mme la directrice",
        )
    assert "pas les deux" in error.value.message_dict["secretary_name"][0]


def test_new_body_kinds(world):
    community = BodyFactory(organisation=world.carrier, kind=Body.Kind.COMMUNITY_COUNCIL)
    other = BodyFactory(
        organisation=world.carrier,
        kind=Body.Kind.OTHER,
        other_kind="Comité syndical",
        quorum_numerator=1,
        quorum_denominator=3,
    )
    assert community.kind_label == "Conseil communautaire"
    assert other.kind_label == "Comité syndical"
    assert other.rules.quorum_denominator == 3


# --- refusals -------------------------------------------------------------------------------------


def test_attendance_with_the_same_member_twice_is_refused_in_the_api_and_the_pages(client, world):
    body, members = board(world.carrier, size=3)
    session = sitting(body, members)
    item = session.items.get()
    client.force_login(world.user(Role.BOARD_SECRETARY))
    a, b, c = members
    response = client.post(
        reverse("api:governance-sitting-attendance", args=[session.pk]),
        {
            "item": item.pk,
            "attendances": [
                {"member": a.pk, "status": "present"},
                {"member": b.pk, "status": "present"},
                {"member": b.pk, "status": "absent"},
            ],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["member"] == [
        f"Membre : {b.short_label} figure deux fois dans les présences envoyées ; "
        "un membre n'a qu'une présence par point."
    ]
    response = client.post(
        reverse("governance:attendance", args=[item.pk]),
        {f"status-{a.pk}": "present", f"status-{b.pk}": ["present", "absent"], f"status-{c.pk}": "present"},
    )
    assert response.status_code == 400
    assert "figure deux fois" in response.content.decode()
    assert not Attendance.objects.filter(item=item).exists()


def test_attendance_and_vote_on_a_sitting_not_held_yet_are_refused(world):
    body, members = board(world.carrier, size=3)
    future = sitting(body, members, date=datetime.date(2027, 1, 20), convened_on=datetime.date(2027, 1, 10))
    item = future.items.get()
    with pytest.raises(ValidationError) as error:
        all_present(item, members)
    assert error.value.message_dict["attendance"] == [
        "Présences : la séance du 20/01/2027 n'a pas encore eu lieu (nous sommes le 01/12/2026) ; "
        "on ne relève les présences qu'une fois la séance tenue."
    ]
    with pytest.raises(ValidationError) as error:
        services.record_vote(item, vote_mode="unanimous")
    assert "n'a pas encore eu lieu" in error.value.message_dict["attendance"][0]


def test_a_vote_with_no_vote_cast_is_refused(world):
    body, members = board(world.carrier, size=3)
    item = sitting(body, members).items.get()
    all_present(item, members)
    with pytest.raises(ValidationError) as error:
        services.record_vote(item, vote_mode="counted", votes_for=0, votes_against=0, abstentions=3)
    assert "aucun suffrage exprimé" in error.value.message_dict["votes_for"][0]
    assert not Deliberation.objects.exists()


def test_a_vote_without_quorum_is_refused_saying_why(world):
    body, members = board(world.carrier, size=5)
    item = sitting(body, members).items.get()
    services.record_attendance(item, {members[0].pk: (P, None), members[1].pk: (P, None)})
    with pytest.raises(ValidationError) as error:
        services.record_vote(item, vote_mode="unanimous")
    message = error.value.message_dict["attendance"][0]
    assert message.startswith("Vote refusé pour le point 1 : Quorum non atteint : 2 membre(s) présent(s) sur 5")
    assert "il en faut au moins 3" in message


# --- rectification and cancellation ---------------------------------------------------------------


def test_rectification_by_a_later_sitting_keeps_the_original_and_the_extract_says_so(world):
    body, members = board(world.carrier, size=7)
    first = sitting(body, members)
    item = first.items.get()
    all_present(item, members)
    deliberation = services.record_vote(item, vote_mode="counted", votes_for=4, votes_against=2, abstentions=1)
    later = sitting(body, members, date=datetime.date(2024, 11, 6), convened_on=datetime.date(2024, 10, 30))
    with pytest.raises(ValidationError) as error:  # would turn the decision into a rejection
        services.rectify_vote(
            deliberation, sitting=later, vote_mode="counted", votes_for=3, votes_against=4, reason="Erreur"
        )
    assert "une rectification corrige le décompte, pas la décision" in error.value.message_dict["votes_for"][0]
    with pytest.raises(ValidationError) as error:  # not a later sitting
        services.rectify_vote(deliberation, sitting=first, vote_mode="counted", votes_for=5, reason="Erreur")
    assert "postérieure" in error.value.message_dict["sitting"][0]
    future = sitting(body, members, date=datetime.date(2027, 1, 20), convened_on=datetime.date(2027, 1, 10))
    with pytest.raises(ValidationError) as error:  # a sitting not held yet
        services.rectify_vote(deliberation, sitting=future, vote_mode="counted", votes_for=5, reason="Erreur")
    assert "n'a pas encore eu lieu" in error.value.message_dict["sitting"][0]
    services.rectify_vote(
        deliberation,
        sitting=later,
        vote_mode="counted",
        votes_for=5,
        votes_against=1,
        abstentions=1,
        reason="Erreur de décompte constatée à la lecture du procès-verbal",
    )
    deliberation = Deliberation.objects.get(pk=deliberation.pk)
    assert (deliberation.votes_for, deliberation.votes_against) == (4, 2)  # the original is kept
    assert deliberation.decision_sentence == "Adoptée par 5 voix pour, 1 voix contre et 1 abstention."
    html = extract_html(deliberation)
    assert "Adoptée par 5 voix pour, 1 voix contre et 1 abstention." in html
    assert "en sa séance du 6 novembre 2024" in html
    assert "décompte initialement enregistré : Adoptée par 4 voix pour, 2 voix contre et 1 abstention." in html


def test_cancellation_before_transmission_does_not_burn_the_number(client, world):
    body, members = board(world.carrier, size=3)
    session = sitting(body, members, subjects=("Un", "Deux"))
    one, two = session.items.order_by("position")
    for item in (one, two):
        all_present(item, members)
    first = services.record_vote(one, vote_mode="unanimous")
    second = services.record_vote(two, vote_mode="unanimous")
    with pytest.raises(ValidationError) as error:
        services.cancel_deliberation(second, reason="  ")
    assert "obligatoire" in error.value.message_dict["reason"][0]
    # The last number goes back to the counter; the item can be voted again and takes it.
    second = services.cancel_deliberation(second, reason="Vote saisi sur le mauvais point")
    assert (second.number, second.released_number, second.item_id) == (None, 2, None)
    again = services.record_vote(two, vote_mode="unanimous")
    assert again.reference == "2024-002"
    # An earlier number stays in the register, shown cancelled with its reason.
    first = services.cancel_deliberation(first, reason="Doublon")
    assert first.number == 1
    client.force_login(world.user(Role.BOARD_SECRETARY))
    page = client.get(reverse("governance:body_detail", args=[body.pk])).content.decode()
    assert "Annulée" in page and "Doublon" in page and "Vote saisi sur le mauvais point" in page
    # Once transmitted: no cancellation.
    services.mark_transmitted_published(again, transmitted_on=datetime.date(2024, 10, 10), published_on=None)
    with pytest.raises(ValidationError) as error:
        services.cancel_deliberation(again, reason="Trop tard")
    assert "transmise en préfecture le 10/10/2024" in error.value.message_dict["reason"][0]


def test_rectify_and_cancel_through_the_api(client, world):
    body, members = board(world.carrier, size=3)
    item = sitting(body, members).items.get()
    all_present(item, members)
    deliberation = services.record_vote(item, vote_mode="counted", votes_for=2, votes_against=1)
    later = sitting(body, members, date=datetime.date(2024, 11, 6), convened_on=datetime.date(2024, 10, 30))
    client.force_login(world.user(Role.BOARD_SECRETARY))
    response = client.post(
        reverse("api:governance-deliberation-rectification", args=[deliberation.pk]),
        {"sitting": later.pk, "vote_mode": "unanimous", "reason": "Décompte erroné"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    body_json = response.json()
    assert body_json["decision"] == "Adoptée à l'unanimité."
    assert body_json["original_decision"] == "Adoptée par 2 voix pour et 1 voix contre."
    assert body_json["rectifications"][0]["sitting_date"] == "2024-11-06"
    response = client.post(
        reverse("api:governance-deliberation-cancellation", args=[deliberation.pk]),
        {"reason": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    response = client.post(
        reverse("api:governance-deliberation-cancellation", args=[deliberation.pk]),
        {"reason": "Erreur de saisie"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["cancelled_on"] == "2026-12-01"


# --- properties -----------------------------------------------------------------------------------


@given(
    day=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2099, 12, 31)),
    order=st.integers(min_value=1, max_value=9999),
    prefix=st.sampled_from(["", "DM", "D", "DEL-", "CA "]),
    shape=st.sampled_from(["{p}{y}-{n:03d}", "{p}{ymd}{n:03d}", "{p}{dmy}{n:02d}", "{p}{y}-{m:02d}-{n:03d}"]),
)
def test_the_order_of_a_printed_number_is_read_back(day, order, prefix, shape):
    printed = shape.format(
        p=prefix, y=day.year, m=day.month, n=order, ymd=day.strftime("%Y%m%d"), dmy=day.strftime("%d%m%Y")
    )
    assert sequence_from_printed_number(printed, day) == order


def test_absent_or_excused_agrees_with_a_woman():
    from reussite.core.templatetags.fr import agreed

    woman, man = Member(civility="Mme", last_name="X"), Member(civility="", last_name="Y")
    assert agreed("absent ou excusé", woman) == "absente ou excusée"
    assert agreed("représenté", woman) == "représentée"
    assert agreed("absent ou excusé", man) == "absent ou excusé"


def test_a_member_the_document_does_not_mention_is_not_invented_absent(world):
    body, members = board(world.carrier, size=5)
    item = sitting(body, members).items.get()
    a, b, c, d, e = members
    services.record_attendance(
        item, {a.pk: (P, None), b.pk: (P, None), c.pk: (P, None), d.pk: (A, None), e.pk: ("unknown", None)}
    )
    counts = services.attendance_counts(item)
    assert (counts["present"], counts["absent"], counts["unknown"]) == (3, 1, 1)
    deliberation = services.record_vote(item, vote_mode="unanimous")  # quorum: 3 of 5 in office
    html = extract_html(deliberation)
    assert f"Membres absents : (1) {d.short_label}." in html
    assert e.short_label not in html


SEVRES_PRESENT = [
    ("M.", "KOSCIUSKO-MORIZET"),
    ("M.", "BARRIER"),
    ("M.", "FORTIN"),
    ("Mme", "SARINELLI"),
    ("M.", "DE LA RONCIERE"),
    ("Mme", "DESTOUCHES"),
    ("M.", "SIMONNET"),
    ("Mme", "MAZARD"),
    ("M.", "DETOLLE"),
    ("Mme", "ROUX-FOUILLET"),
    ("Mme", "BOMPAIRE"),
    ("M.", "DUBY"),
    ("M.", "PATRY"),
    ("Mme", "MARQUET"),
    ("Mme", "LECONTE"),
    ("M.", "MOREL"),
    ("Mme", "MACIEL"),
    ("M.", "CHABOUD"),
    ("M.", "TOURIN"),
    ("", "LETELLIER"),  # « Melle »: not one of the civilities recorded, left blank rather than changed
    ("Mme", "BOUQUET"),
    ("Mme", "CYROT"),
    ("M.", "BLANDIN"),
    ("M.", "BLANCHARD"),
    ("M.", "GIAFFERI"),
    ("", "CANDELIER"),  # « Melle »
    ("M.", "TABIT"),
]
SEVRES_PROXIES = [
    ("Mme", "BONIMOND", "SARINELLI"),
    ("Mme", "DUCRET", "BOMPAIRE"),
    ("M.", "KEMKENG", "DE LA RONCIERE"),
    ("M.", "MAURION", "BARRIER"),
    ("Mme", "FLAMANT", "KOSCIUSKO-MORIZET"),
    ("M.", "BENYAHIA", "LETELLIER"),
    ("Mme", "ROSSI", "BLANCHARD"),
    ("M.", "DURDUX", "BLANDIN"),
]


def test_printed_counts_with_only_some_names(world):
    """Conseil municipal de Sèvres, 9 décembre 2010 (docplayer.fr/1264369): « 35, dont 27 présents »
    and the eight « AVAIENT DONNE POUVOIR » with their holders. Entered as the counts, then only the
    names of the proxies (givers and holders): the other members are « non précisé », the counts
    decide the quorum and the vote, the names are compared with them."""
    body = BodyFactory(organisation=world.carrier, kind=Body.Kind.MUNICIPAL_COUNCIL, convocation_clear_days=5)
    rows = SEVRES_PRESENT + [(civility, name) for civility, name, _ in SEVRES_PROXIES]
    m = {
        name: Member.objects.create(body=body, civility=civility, last_name=name, rank=rank)
        for rank, (civility, name) in enumerate(rows)
    }
    session = services.prepare_sitting(
        body,
        date=datetime.date(2010, 12, 9),
        convened_on=datetime.date(2010, 11, 18),
        president=m["KOSCIUSKO-MORIZET"],
        secretary=m["LETELLIER"],
        printed_members_in_office=35,
        items=[("Approbation du compte-rendu de la séance du 21 octobre 2010", "Approbation du compte-rendu.")],
    )
    item = session.items.get()
    services.record_attendance_counts(item, present=27, represented=8)
    entries = {}
    for _, giver, holder in SEVRES_PROXIES:
        entries[m[giver].pk] = (R, m[holder].pk)
        entries[m[holder].pk] = (P, None)
    services.record_attendance(item, entries)
    item.refresh_from_db()
    counts = services.attendance_counts(item)
    assert (counts["present"], counts["represented"], counts["unknown"]) == (27, 8, 19)  # 35 - 8 - 8 not named
    deliberation = services.record_vote(item, vote_mode="unanimous")
    assert (deliberation.present_count, deliberation.represented_count, deliberation.votes_for) == (27, 8, 35)
    checks = verdicts(deliberation)
    assert checks["Membres en exercice"].verdict == Verdict.OK  # 35 printed, 35 recorded
    assert checks["Pouvoirs par mandataire"].verdict == Verdict.OK  # the 8 proxies name their holders
    assert checks["Présents nommés"].message == "8 noms sur 27 imprimé (les autres ne sont pas nommés)."
    assert checks["Représentés nommés"].message == "8 noms pour 8 imprimé."
    html = extract_html(deliberation)
    assert "Membres présents : 27, dont M. KOSCIUSKO-MORIZET, M. BARRIER, Mme SARINELLI" in html
    assert "Mme DUCRET représentée par Mme BOMPAIRE" in html
    assert "TABIT" not in html  # not named for this item: nothing invented


def test_more_names_than_the_printed_count_is_a_contradiction_shown():
    from reussite.governance.rules_engine import names_within_count

    check = names_within_count("Présents nommés", 12, 13)
    assert check.verdict == Verdict.BROKEN
    assert check.message == "13 noms pour 12 imprimé : le document se contredit."
