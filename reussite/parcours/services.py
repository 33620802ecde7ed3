"""Operations on children and families, each inside one transaction: nothing is half saved."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from reussite.accounts.models import Membership, Role
from reussite.accounts.scoping import get_scope
from reussite.territory.scoping import coordinated_programme_ids, programme_ids

from .consents import Purpose, missing_consents, refusal_message
from .eligibility import Eligibility, EligibilityFacts, check_eligibility
from .models import Child, Consent, Guardian, Household, ParcoursPeriod, Referral


def intake_programmes(user):
    """Programmes where ``user`` may record a referral (coordination or référent of their carrier)."""
    from reussite.territory.models import Programme

    return Programme.objects.filter(pk__in=programme_ids(get_scope(user))).select_related("commune")


def programme_referents(programme, day: datetime.date):
    """Users who may be assigned as référent: référents of the programme's carrier on ``day``."""
    from reussite.accounts.models import User

    carrier = programme.carrier_on(day)
    if carrier is None:
        return User.objects.none()
    user_ids = Membership.objects.active().filter(organisation=carrier, role=Role.REFERENT).values("user_id")
    return User.objects.filter(pk__in=user_ids).order_by("last_name", "first_name")


def programme_quartiers_on(programme, day: datetime.date):
    return programme.quartiers.valid_on(day).select_related("commune").order_by("name")


@dataclass(frozen=True)
class GuardianData:
    first_name: str
    last_name: str
    relationship: str
    holds_parental_authority: bool = True
    phone: str = ""


@dataclass(frozen=True)
class Intake:
    child: Child
    referral: Referral
    eligibility: Eligibility


class DuplicateChild(ValidationError):
    """A child with the same names and birth date is already recorded in the programme."""

    def __init__(self, existing: Child):
        super().__init__(
            "Un enfant portant ces nom, prénom et date de naissance (aux accents et majuscules près) "
            "est déjà enregistré dans ce programme : enregistrez plutôt une nouvelle saisine sur sa fiche."
        )
        self.existing = existing


def eligibility_of(programme, referral_date, birth_date, quartier, school) -> Eligibility:
    lives_in_qpv = bool(
        quartier is not None
        and quartier.kind == quartier.Kind.QPV
        and quartier.is_valid_on(referral_date)
        and programme.quartiers.filter(pk=quartier.pk).exists()
    )
    return check_eligibility(
        EligibilityFacts(
            birth_date=birth_date,
            referral_date=referral_date,
            age_min=programme.age_min,
            age_max=programme.age_max,
            lives_in_programme_qpv=lives_in_qpv,
            attends_priority_school=bool(school is not None and school.is_priority),
        )
    )


@transaction.atomic
def record_intake(
    user,
    *,
    programme,
    first_name: str,
    last_name: str,
    birth_date: datetime.date,
    sex: str,
    school,
    school_level: str,
    address: str,
    postal_code: str,
    city: str,
    quartier,
    guardians: list[GuardianData],
    referral_date: datetime.date,
    source: str,
    reasons,
    referrer: str,
    referent=None,
) -> Intake:
    """Record a new child, their household and the referral, with its eligibility verdict.

    An ineligible referral is kept (status « non éligible ») with its reason: it is answered, never lost.
    """
    scope = get_scope(user)
    if programme.pk not in programme_ids(scope):
        raise ValidationError({"programme": "Programme inconnu."})
    today = timezone.localdate()
    errors = {}
    if referral_date > today:
        errors["referral_date"] = "La date de saisine ne peut être dans le futur."
    if birth_date > today:
        errors["birth_date"] = "La date de naissance ne peut être dans le futur."
    if quartier is not None and not programme_quartiers_on(programme, referral_date).filter(pk=quartier.pk).exists():
        errors["quartier"] = "Choisissez un quartier du programme valide à la date de saisine."
    if school is not None and school.network_id != programme.network_id:
        errors["school"] = "Établissement inconnu."
    if not [g for g in guardians if g.holds_parental_authority]:
        errors["guardians"] = "Indiquez au moins un titulaire de l'autorité parentale."
    if referent is not None and not programme_referents(programme, today).filter(pk=referent.pk).exists():
        errors["referent"] = "Choisissez un référent du programme."
    if errors:
        raise ValidationError(errors)
    existing = (
        Child.objects.select_for_update()
        .filter(programme=programme)
        .matching(first_name, last_name, birth_date)
        .first()
    )
    if existing is not None:
        raise DuplicateChild(existing)

    if referent is None and Role.REFERENT in scope.roles and programme.pk not in coordinated_programme_ids(scope):
        referent = user  # a référent records the children they will follow
    eligibility = eligibility_of(programme, referral_date, birth_date, quartier, school)
    household = Household.objects.create(
        programme=programme, address=address, postal_code=postal_code, city=city, quartier=quartier
    )
    Guardian.objects.bulk_create(
        [
            Guardian(
                household=household,
                first_name=g.first_name,
                last_name=g.last_name,
                relationship=g.relationship,
                holds_parental_authority=g.holds_parental_authority,
                phone=g.phone,
            )
            for g in guardians
        ]
    )
    try:
        with transaction.atomic():  # a concurrent intake of the same child meets the unique constraint
            child = Child.objects.create(
                programme=programme,
                household=household,
                first_name=first_name.strip(),
                last_name=last_name.strip(),
                birth_date=birth_date,
                sex=sex,
                school=school,
                school_level=school_level,
                referent=referent,
                status=Child.Status.REFERRED if eligibility.eligible else Child.Status.INELIGIBLE,
            )
    except IntegrityError:
        raise DuplicateChild(
            Child.objects.filter(programme=programme).matching(first_name, last_name, birth_date).first()
        ) from None
    referral = Referral.objects.create(
        child=child,
        date=referral_date,
        source=source,
        referrer=referrer,
        eligible=eligibility.eligible,
        ineligibility_reason=eligibility.message,
        recorded_by=user,
    )
    referral.reasons.set(reasons)
    return Intake(child, referral, eligibility)


def require_consent(child: Child, purpose: Purpose, day: datetime.date, partner: str = "") -> None:
    """The consent gate: refuse ``purpose`` for ``child`` on ``day`` without every holder's consent."""
    holders = [g for g in child.household.guardians.all() if g.holds_parental_authority]
    if not holders:
        raise ValidationError(refusal_message(purpose, [], no_holder=True, partner=partner))
    missing = missing_consents(
        [h.pk for h in holders], Consent.objects.filter(child=child).facts(), purpose, day, partner
    )
    if missing:
        labels = [str(h) for h in holders if h.pk in missing]
        raise ValidationError(refusal_message(purpose, labels, partner=partner))


@transaction.atomic
def record_consent(
    user, *, child: Child, guardian: Guardian, given_on: datetime.date, purposes: list[str], partner: str, evidence
) -> Consent:
    errors = {}
    if guardian.household_id != child.household_id or not guardian.holds_parental_authority:
        errors["guardian"] = "Choisissez un titulaire de l'autorité parentale de l'enfant."
    if given_on > timezone.localdate():
        errors["given_on"] = "La date du consentement ne peut être dans le futur."
    valid_purposes = {p.value for p in Purpose}
    if not purposes or not set(purposes) <= valid_purposes:
        errors["purposes"] = "Cochez au moins une finalité."
    if Purpose.PARTNER_SHARING in purposes and not partner.strip():
        errors["partner"] = "Nommez le partenaire avec qui le partage est consenti."
    if errors:
        raise ValidationError(errors)
    return Consent.objects.create(
        child=child,
        guardian=guardian,
        given_on=given_on,
        purposes=sorted(set(purposes)),
        partner=partner.strip() if Purpose.PARTNER_SHARING in purposes else "",
        evidence=evidence,
        recorded_by=user,
    )


@transaction.atomic
def revoke_consent(user, consent: Consent, *, revoked_on: datetime.date, note: str) -> Consent:
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.revoked_on is not None:
        raise ValidationError(f"Ce consentement est déjà révoqué depuis le {consent.revoked_on:%d/%m/%Y}.")
    if revoked_on > timezone.localdate():
        raise ValidationError({"revoked_on": "La date de révocation ne peut être dans le futur."})
    if revoked_on < consent.given_on:
        raise ValidationError({"revoked_on": "La révocation ne peut précéder le consentement."})
    consent.revoked_on = revoked_on
    consent.revocation_note = note
    consent.save(update_fields=["revoked_on", "revocation_note"])
    return consent


@transaction.atomic
def start_parcours(user, child: Child, *, on: datetime.date, referent) -> Child:
    """Open the parcours of a referred child: needs the follow-up consent of every holder."""
    child = Child.objects.select_for_update(of=("self",)).select_related("programme").get(pk=child.pk)
    if child.status != Child.Status.REFERRED:
        raise ValidationError(f"Le parcours ne peut être ouvert : l'enfant est « {child.get_status_display()} ».")
    if on > timezone.localdate():
        raise ValidationError({"on": "La date d'entrée ne peut être dans le futur."})
    if referent is None or not programme_referents(child.programme, on).filter(pk=referent.pk).exists():
        raise ValidationError({"referent": "Choisissez un référent du programme."})
    require_consent(child, Purpose.FOLLOW_UP, on)
    child.status = Child.Status.ACTIVE
    child.referent = referent
    child.entered_on = on
    child.save(update_fields=["status", "referent", "entered_on"])
    ParcoursPeriod.objects.create(child=child, programme=child.programme, entered_on=on)
    return child


@transaction.atomic
def record_referral(user, child: Child, *, date: datetime.date, source: str, reasons, referrer: str) -> Referral:
    """A new referral of a child already known to the programme (after an exit, or a first one found
    ineligible): eligibility is judged again on its date; an eligible one brings the child back to
    « orienté »."""
    child = (
        Child.objects.select_for_update(of=("self",))
        .select_related("programme", "household__quartier", "school")
        .get(pk=child.pk)
    )
    if date > timezone.localdate():
        raise ValidationError({"date": "La date de saisine ne peut être dans le futur."})
    if child.status in (Child.Status.REFERRED, Child.Status.ACTIVE):
        raise ValidationError(f"L'enfant est déjà « {child.get_status_display()} » : une nouvelle saisine est inutile.")
    if any(r.network_id != child.programme.network_id for r in reasons):
        raise ValidationError({"reasons": "Motif inconnu."})
    eligibility = eligibility_of(child.programme, date, child.birth_date, child.household.quartier, child.school)
    referral = Referral.objects.create(
        child=child,
        date=date,
        source=source,
        referrer=referrer,
        eligible=eligibility.eligible,
        ineligibility_reason=eligibility.message,
        recorded_by=user,
    )
    referral.reasons.set(reasons)
    if eligibility.eligible:
        child.status = Child.Status.REFERRED
        child.entered_on = child.exited_on = child.exit_reason = None
        child.exit_note = ""
        child.save(update_fields=["status", "entered_on", "exited_on", "exit_reason", "exit_note"])
    return referral


@transaction.atomic
def exit_parcours(user, child: Child, *, on: datetime.date, reason, note: str = "") -> Child:
    """End a parcours (or close a referral that will not lead to one) with its date and reason."""
    child = Child.objects.select_for_update(of=("self",)).select_related("programme").get(pk=child.pk)
    if child.status not in (Child.Status.ACTIVE, Child.Status.REFERRED):
        raise ValidationError(f"Sortie impossible : l'enfant est « {child.get_status_display()} ».")
    errors = {}
    if on > timezone.localdate():
        errors["on"] = "La date de sortie ne peut être dans le futur."
    elif child.entered_on and on < child.entered_on:
        errors["on"] = f"La sortie ne peut précéder l'entrée en parcours ({child.entered_on:%d/%m/%Y})."
    if reason is None or reason.network_id != child.programme.network_id:
        errors["reason"] = "Choisissez un motif de sortie."
    if errors:
        raise ValidationError(errors)
    child.status = Child.Status.EXITED
    child.exited_on = on
    child.exit_reason = reason
    child.exit_note = note
    child.save(update_fields=["status", "exited_on", "exit_reason", "exit_note"])
    ParcoursPeriod.objects.filter(child=child, exited_on__isnull=True).update(exited_on=on, exit_reason=reason)
    return child
