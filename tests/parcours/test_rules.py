"""Pure rules: eligibility, the consent gate, identity matching (Hypothesis where the rule is general)."""

import datetime

from hypothesis import assume, given
from hypothesis import strategies as st

from reussite.parcours.consents import ConsentFact, Purpose, missing_consents, refusal_message
from reussite.parcours.eligibility import EligibilityFacts, check_eligibility
from reussite.parcours.identity import (
    age_band,
    age_on,
    birth_dates_for_band,
    match_key,
    months_between,
    new_code,
    normalize,
)

D = datetime.date
dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31))


def facts(birth, referral, qpv=True, school=False, age_min=2, age_max=16):
    return EligibilityFacts(birth, referral, age_min, age_max, qpv, school)


@given(
    birth=dates,
    referral=dates,
    qpv=st.booleans(),
    school=st.booleans(),
    low=st.integers(0, 18),
    span=st.integers(0, 18),
)
def test_eligible_exactly_when_age_in_range_and_qpv_or_priority_school(birth, referral, qpv, school, low, span):
    assume(birth <= referral)
    high = low + span
    result = check_eligibility(facts(birth, referral, qpv, school, low, high))
    age = age_on(birth, referral)
    assert result.eligible == (low <= age <= min(high, 18) and (qpv or school))
    assert result.eligible == (result.reasons == ())


@given(birth=dates, referral=dates)
def test_an_ineligible_referral_always_says_why(birth, referral):
    result = check_eligibility(facts(birth, referral, qpv=False, school=False))
    assert not result.eligible
    assert "quartier prioritaire" in result.message


def test_age_messages_name_the_age_and_the_range():
    result = check_eligibility(facts(D(2008, 5, 1), D(2025, 6, 1)))
    assert result.message == (
        "Âge hors du champ du programme : 17 ans à la date de saisine (le programme suit les enfants de 2 à 16 ans)."
    )
    # 16 until the day before 17: still eligible the day before the 17th birthday
    assert check_eligibility(facts(D(2008, 6, 2), D(2025, 6, 1))).eligible
    assert not check_eligibility(facts(D(2008, 6, 1), D(2025, 6, 1))).eligible


def test_a_programme_cannot_extend_beyond_18():
    result = check_eligibility(facts(D(2005, 1, 1), D(2025, 6, 1), age_max=25))
    assert not result.eligible and "de 2 à 18 ans" in result.message


@given(birth=dates, day=dates)
def test_age_is_whole_years_and_grows_on_birthdays(birth, day):
    assume(birth <= day)
    age = age_on(birth, day)
    assert age >= 0
    assert age_on(birth, day + datetime.timedelta(days=366)) in (age + 1, age + 2)


@given(today=st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31)), birth=dates)
def test_age_band_filter_matches_the_age_band(today, birth):
    assume(birth <= today)
    band = age_band(age_on(birth, today))
    for code in ["2-5", "6-10", "11-16", "17+"]:
        earliest, latest = birth_dates_for_band(code, today)
        inside = birth <= latest and (earliest is None or birth >= earliest)
        assert inside == (band == code), (code, birth, today)


GIVEN = D(2025, 1, 10)


def consent(holder, purposes=("follow_up",), given=GIVEN, revoked=None, partner=""):
    return ConsentFact(holder, frozenset(purposes), given, revoked, partner)


@given(
    holders=st.lists(st.integers(1, 5), min_size=1, max_size=3, unique=True),
    consented=st.sets(st.integers(1, 5)),
    day=st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 12, 31)),
    revoked=st.one_of(st.none(), st.dates(min_value=D(2025, 1, 10), max_value=D(2026, 12, 31))),
)
def test_gate_requires_every_holder_valid_on_the_day(holders, consented, day, revoked):
    consents = [consent(h, revoked=revoked) for h in consented]
    missing = missing_consents(holders, consents, Purpose.FOLLOW_UP, day)
    valid = day >= D(2025, 1, 10) and (revoked is None or day < revoked)
    assert missing == [h for h in holders if not (h in consented and valid)]


def test_gate_is_per_purpose_and_per_partner():
    consents = [consent(1, ("follow_up", "partner_sharing"), partner="Maison des ados")]
    assert missing_consents([1], consents, Purpose.FOLLOW_UP, D(2025, 2, 1)) == []
    assert missing_consents([1], consents, Purpose.PSYCHOLOGIST, D(2025, 2, 1)) == [1]
    assert missing_consents([1], consents, Purpose.PARTNER_SHARING, D(2025, 2, 1), "maison des ados") == []
    assert missing_consents([1], consents, Purpose.PARTNER_SHARING, D(2025, 2, 1), "Club de foot") == [1]
    # revocation stops what depended on it from its date
    revoked = [consent(1, revoked=D(2025, 3, 1))]
    assert missing_consents([1], revoked, Purpose.FOLLOW_UP, D(2025, 2, 28)) == []
    assert missing_consents([1], revoked, Purpose.FOLLOW_UP, D(2025, 3, 1)) == [1]


def test_refusal_message_says_which_consent_is_missing():
    assert refusal_message(Purpose.PSYCHOLOGIST, ["Maud MARTIN (mère)"]) == (
        "Consentement manquant pour « orientation vers un psychologue » : Maud MARTIN (mère)."
    )
    assert "aucun titulaire" in refusal_message(Purpose.FOLLOW_UP, [], no_holder=True)


@given(st.text(alphabet="abcdeéèêàçïôAÉÈ- '", min_size=1, max_size=20))
def test_normalize_ignores_accents_case_and_hyphens(name):
    assert normalize(name) == normalize(name.upper()) == normalize(normalize(name))
    assert all(c.isascii() for c in normalize(name))


def test_duplicate_key_tolerates_accents_case_and_hyphens():
    assert match_key("Éloïse-Marie", "Lefèvre", D(2015, 1, 2)) == match_key("eloise marie", "LEFEVRE", D(2015, 1, 2))
    assert match_key("Eloise", "Lefevre", D(2015, 1, 2)) != match_key("Eloise", "Lefevre", D(2015, 1, 3))


def test_codes_are_random_and_unrelated_to_names():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 10 and c.startswith("E-") for c in codes)


@given(start=dates, end=dates, extra=st.integers(0, 400))
def test_parcours_months_are_completed_months_never_negative_and_growing(start, end, extra):
    months = months_between(start, end)
    assert months >= 0
    assert months_between(start, end + datetime.timedelta(days=extra)) >= months
    if end >= start:
        assert months <= ((end - start).days // 28)


def test_parcours_months_examples():
    assert months_between(D(2025, 1, 15), D(2025, 7, 14)) == 5
    assert months_between(D(2025, 1, 15), D(2025, 7, 15)) == 6
    assert months_between(D(2025, 1, 15), D(2024, 7, 15)) == 0
