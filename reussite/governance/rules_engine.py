"""Rules of deliberative bodies as pure functions (no ORM), tested with Hypothesis.

Defaults follow the law for a CCAS board (Code de l'action sociale et des familles, art. R123-19
and following, by reference to the Code général des collectivités territoriales):

- quorum: more than half of the members in office physically present, checked for each item;
  after a second convocation for want of quorum, the body deliberates whatever the attendance;
- proxies: a member may hold at most one proxy, and only while present;
- decisions by absolute majority of votes cast (abstentions are not votes cast);
- on a tie, the president of the sitting has a casting vote, except in a secret ballot;
- convocation sent at least 3 *clear* days before the sitting: neither the day of sending nor the
  day of the sitting counts.

Every refusal is a :class:`RuleViolation` carrying the field it concerns and a French message.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from reussite.core.formatting import format_short_date


class RuleViolation(Exception):
    """A rule of the body is broken; ``field`` names the input concerned, ``message`` is French."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class RuleSet:
    """The configurable rules of one body (defaults: CCAS board)."""

    # Quorum: more than ``quorum_numerator / quorum_denominator`` of the members in office present.
    quorum_numerator: int = 1
    quorum_denominator: int = 2
    max_proxies_per_holder: int = 1
    casting_vote: bool = True
    convocation_clear_days: int = 3
    second_convocation_without_quorum: bool = True
    second_convocation_clear_days: int = 3
    president_counted_in_office: bool = True


class Status(StrEnum):
    PRESENT = "present"
    REPRESENTED = "represented"
    EXCUSED = "excused"
    ABSENT = "absent"
    ABSENT_OR_EXCUSED = "absent_or_excused"  # one printed list that does not tell them apart
    UNKNOWN = "unknown"  # not mentioned by the document


class Verdict(StrEnum):
    OK = "respectée"
    BROKEN = "non respectée"
    UNVERIFIABLE = "non vérifiable"


@dataclass(frozen=True)
class Check:
    """What the rules can conclude from what is recorded: ``verdict`` and a French explanation."""

    rule: str
    verdict: Verdict
    message: str


class Ballot(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Outcome(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"


# --- convocation ---------------------------------------------------------------------------------


def clear_days_between(sent_on: datetime.date, sitting_on: datetime.date) -> int:
    """Whole days strictly between the sending and the sitting (neither of them counts)."""
    return max(0, (sitting_on - sent_on).days - 1)


def latest_convocation_date(sitting_on: datetime.date, rules: RuleSet, second: bool = False) -> datetime.date:
    days = rules.second_convocation_clear_days if second else rules.convocation_clear_days
    return sitting_on - datetime.timedelta(days=days + 1)


def check_convocation(sent_on: datetime.date | None, sitting_on: datetime.date, rules: RuleSet, second: bool = False):
    """Refuse a convocation sent after the sitting or fewer clear days before it than the rule
    (an unknown date is not refused: :func:`convocation_check` says it cannot be verified)."""
    if sent_on is None:
        return
    days = rules.second_convocation_clear_days if second else rules.convocation_clear_days
    if sent_on > sitting_on:
        raise RuleViolation("convened_on", "Date de convocation : elle ne peut pas être postérieure à la séance.")
    if sent_on > latest_convocation_date(sitting_on, rules, second):
        latest = latest_convocation_date(sitting_on, rules, second)
        raise RuleViolation(
            "convened_on",
            f"Date de convocation : la convocation doit être envoyée au moins {days} jours francs avant la "
            f"séance (ni le jour de l'envoi ni celui de la séance ne comptent), soit au plus tard le "
            f"{format_short_date(latest)} ; elle l'a été le {format_short_date(sent_on)} "
            f"({clear_days_between(sent_on, sitting_on)} jour(s) franc(s)).",
        )


def convocation_check(
    sent_on: datetime.date | None, sitting_on: datetime.date, rules: RuleSet, second: bool = False
) -> Check:
    rule = "Délai de convocation"
    if sent_on is None:
        return Check(rule, Verdict.UNVERIFIABLE, "la date de convocation n'est pas précisée.")
    try:
        check_convocation(sent_on, sitting_on, rules, second)
    except RuleViolation as error:
        return Check(rule, Verdict.BROKEN, error.message.removeprefix("Date de convocation : "))
    return Check(rule, Verdict.OK, f"{clear_days_between(sent_on, sitting_on)} jour(s) franc(s).")


# --- members in office ---------------------------------------------------------------------------


def members_in_office(seated: int, president_among_them: bool, rules: RuleSet) -> int:
    """Members in office as the body counts them: the ex officio president may not be counted."""
    if president_among_them and not rules.president_counted_in_office:
        return seated - 1
    return seated


def printed_figure_check(rule: str, printed: int | None, computed: int, note: str = "") -> Check:
    """A printed figure beside the computed one: kept as printed, the difference shown."""
    if printed is None:
        return Check(rule, Verdict.UNVERIFIABLE, f"non imprimé ; calculé : {computed}.")
    if printed == computed:
        return Check(rule, Verdict.OK, f"{printed} imprimé, {computed} calculé.")
    explanation = f" Explication : {note}" if note else " Aucune explication n'est enregistrée."
    return Check(
        rule,
        Verdict.BROKEN,
        f"{printed} imprimé, {computed} calculé (écart de {printed - computed:+d}).{explanation}",
    )


def names_within_count(rule: str, printed: int, named: int) -> Check:
    """A document printing a count and some names: fewer names than the count is what it gives; more
    names than the count is a contradiction, shown (both kept)."""
    if named > printed:
        return Check(rule, Verdict.BROKEN, f"{named} noms pour {printed} imprimé : le document se contredit.")
    if named == printed:
        return Check(rule, Verdict.OK, f"{named} noms pour {printed} imprimé.")
    return Check(rule, Verdict.OK, f"{named} noms sur {printed} imprimé (les autres ne sont pas nommés).")


# --- quorum --------------------------------------------------------------------------------------


def quorum_threshold(members_in_office: int, rules: RuleSet) -> int:
    """The smallest number of members physically present that is *more than* the quorum fraction."""
    return members_in_office * rules.quorum_numerator // rules.quorum_denominator + 1


def quorum_met(present: int, members_in_office: int, rules: RuleSet, second_convocation: bool = False) -> bool:
    if second_convocation and rules.second_convocation_without_quorum:
        return True
    return present >= quorum_threshold(members_in_office, rules)


def check_quorum(present: int, members_in_office: int, rules: RuleSet, second_convocation: bool = False):
    if not quorum_met(present, members_in_office, rules, second_convocation):
        raise RuleViolation(
            "attendance",
            f"Quorum non atteint : {present} membre(s) présent(s) sur {members_in_office} en exercice, il en "
            f"faut au moins {quorum_threshold(members_in_office, rules)} (plus de la moitié, les membres "
            f"représentés ne comptent pas). La délibération ne peut être valablement prise : réunissez le "
            f"conseil sur seconde convocation.",
        )


# --- attendance and proxies ----------------------------------------------------------------------


def check_attendance(
    statuses: Mapping[object, Status | str],
    proxies: Mapping[object, object],
    rules: RuleSet,
    labels: Mapping[object, str] | None = None,
):
    """Check one item's attendance. ``statuses``: member → status; ``proxies``: giver → holder.

    A named proxy holder must be present, be another member, and hold no more proxies than the rule
    allows. A represented member whose holder the document does not name (no entry, or None) still
    votes; the one-proxy-per-holder rule then cannot be verified. A member who is not represented has
    no holder. Returns the check of the proxies per holder.
    """
    labels = labels or {}

    def name(member):
        return labels.get(member, str(member))

    held: dict[object, list[object]] = {}
    unnamed: list[object] = []
    for member, status in statuses.items():
        holder = proxies.get(member)
        if Status(status) != Status.REPRESENTED:
            if holder is not None:
                raise RuleViolation(
                    "represented_by",
                    f"Représenté par : {name(member)} ne figure pas parmi les représentés ; retirez le mandataire "
                    f"ou choisissez le statut « représenté ».",
                )
            continue
        if holder is None:
            unnamed.append(member)
            continue
        if holder == member:
            raise RuleViolation(
                "represented_by", f"Représenté par : {name(member)} ne peut pas se donner pouvoir à soi-même."
            )
        if holder not in statuses:
            raise RuleViolation(
                "represented_by",
                f"Représenté par : {name(holder)} n'est pas membre en exercice de l'instance.",
            )
        if Status(statuses[holder]) != Status.PRESENT:
            raise RuleViolation(
                "represented_by",
                f"Représenté par : le pouvoir de {name(member)} est donné à {name(holder)}, qui ne figure pas "
                f"parmi les présents ; un mandataire doit être présent.",
            )
        held.setdefault(holder, []).append(member)
    for holder, givers in held.items():
        if len(givers) > rules.max_proxies_per_holder:
            raise RuleViolation(
                "represented_by",
                f"Représenté par : {name(holder)} détient {len(givers)} pouvoirs "
                f"({', '.join(name(g) for g in givers)}) ; un membre ne peut en détenir qu'"
                f"{'un seul' if rules.max_proxies_per_holder == 1 else rules.max_proxies_per_holder}.",
            )
    return proxies_check(len(unnamed), rules, [name(m) for m in unnamed])


def proxies_check(unnamed_holders: int, rules: RuleSet, givers: Iterable[str] = ()) -> Check:
    rule = "Pouvoirs par mandataire"
    if unnamed_holders:
        givers = list(givers)
        who = f" ({', '.join(givers)})" if givers else ""
        return Check(
            rule,
            Verdict.UNVERIFIABLE,
            f"{unnamed_holders} pouvoir(s) sans mandataire désigné{who} : on ne peut vérifier qu'aucun membre "
            f"n'en détient plus de {rules.max_proxies_per_holder}.",
        )
    return Check(rule, Verdict.OK, f"au plus {rules.max_proxies_per_holder} par mandataire présent.")


def count_statuses(statuses: Iterable[Status | str]) -> dict[Status, int]:
    counts = dict.fromkeys(Status, 0)
    for status in statuses:
        counts[Status(status)] += 1
    return counts


# --- votes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    votes_cast: int
    majority: int  # votes "for" needed for an absolute majority
    casting_vote_used: bool = False


def absolute_majority(votes_cast: int) -> int:
    """More than half of the votes cast."""
    return votes_cast // 2 + 1


def check_vote_counts(votes_for: int, votes_against: int, abstentions: int, voters: int):
    for field, value in (("votes_for", votes_for), ("votes_against", votes_against), ("abstentions", abstentions)):
        if value < 0:
            raise RuleViolation(field, "Nombre de voix : il ne peut pas être négatif.")
    if votes_for + votes_against == 0:
        raise RuleViolation(
            "votes_for",
            f"Nombre de voix : aucun suffrage exprimé (0 pour, 0 contre, {abstentions} abstention(s)) ; "
            f"une délibération se décide à la majorité des suffrages exprimés.",
        )
    total = votes_for + votes_against + abstentions
    if total > voters:
        raise RuleViolation(
            "votes_for",
            f"Nombre de voix : {total} voix et abstentions déclarées ({votes_for} pour, {votes_against} contre, "
            f"{abstentions} abstention(s)) pour {voters} votant(s) (présents et représentés) ; le total ne peut "
            f"dépasser le nombre de votants.",
        )


def decide(
    votes_for: int,
    votes_against: int,
    abstentions: int,
    voters: int,
    rules: RuleSet,
    secret_ballot: bool = False,
    president_ballot: Ballot | str | None = None,
) -> Decision:
    """Outcome by absolute majority of votes cast; on a tie the president's vote decides, unless secret."""
    check_vote_counts(votes_for, votes_against, abstentions, voters)
    cast = votes_for + votes_against
    majority = absolute_majority(cast)
    if cast and votes_for == votes_against and rules.casting_vote and not secret_ballot and president_ballot:
        ballot = Ballot(president_ballot)
        if ballot != Ballot.ABSTAIN:
            outcome = Outcome.ADOPTED if ballot == Ballot.FOR else Outcome.REJECTED
            return Decision(outcome, cast, majority, casting_vote_used=True)
    outcome = Outcome.ADOPTED if cast and votes_for >= majority else Outcome.REJECTED
    return Decision(outcome, cast, majority)


def decision_sentence(outcome: Outcome | str, unanimous: bool, votes_for: int, votes_against: int, abstentions: int):
    """The decision as printed in the register: « Adoptée à l'unanimité. »."""
    verb = "Adoptée" if Outcome(outcome) == Outcome.ADOPTED else "Rejetée"
    if unanimous:
        return f"{verb} à l'unanimité."
    parts = [f"{votes_for} voix pour", f"{votes_against} voix contre"]
    if abstentions:
        parts.append(f"{abstentions} abstention{'s' if abstentions > 1 else ''}")
    return f"{verb} par {', '.join(parts[:-1])} et {parts[-1]}."


# --- numbers of past registers -------------------------------------------------------------------


def sequence_from_printed_number(printed: str, sitting_on: datetime.date) -> int | None:
    """The order in the year of a printed number: « 2011-045 » → 45, « DM20240607028 » (the sitting's
    date then the order) → 28, « 2021-01-001 » → 1, « 1906201901 » → 1; None when it cannot be read.

    The sitting's date (YYYYMMDD, DDMMYYYY) or year is removed first, then the last group of digits
    is the order.
    """
    text = printed.strip()
    for token in (sitting_on.strftime("%Y%m%d"), sitting_on.strftime("%d%m%Y"), str(sitting_on.year)):
        index = text.find(token)
        if index >= 0:
            text = text[:index] + " " + text[index + len(token) :]
            break
    groups = re.findall(r"\d+", text)
    if not groups:
        return None
    value = int(groups[-1])
    return value or None
