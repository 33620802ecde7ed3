"""Operations on the referential done through the onboarding pages (each atomic, French refusals)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Commune, Organisation, Programme, ProgrammeCarrier, Quartier, Representative
from .qpv_list import OfficialQuartier

ONE_DAY = datetime.timedelta(days=1)


def _close_open_period(rows, valid_from, field_label):
    """End the rows still open at ``valid_from`` the day before it: who held the role then is kept
    (history is never overwritten); a row that starts on or after that day is a conflict."""
    for row in rows.select_for_update():
        if row.valid_until is not None and row.valid_until < valid_from:
            continue
        if row.valid_from is not None and row.valid_from >= valid_from:
            raise ValidationError(
                {
                    "valid_from": f"{field_label} : une période commençant le {row.valid_from:%d/%m/%Y} est déjà "
                    "enregistrée ; choisissez une date postérieure."
                }
            )
        row.valid_until = valid_from - ONE_DAY
        row.full_clean()
        row.save(update_fields=["valid_until"])


@transaction.atomic
def add_representative(organisation: Organisation, **fields) -> Representative:
    """A new representative from ``valid_from``: the one in office then leaves the day before."""
    representative = Representative(organisation=organisation, **fields)
    representative.full_clean()
    if representative.valid_from:
        _close_open_period(organisation.representatives.all(), representative.valid_from, "Valide à partir du")
    representative.save()
    return representative


@transaction.atomic
def end_representative(representative: Representative, valid_until) -> Representative:
    """End a term without naming a successor (the last day in office, not before its start)."""
    representative = Representative.objects.select_for_update().get(pk=representative.pk)
    if valid_until is None:
        raise ValidationError({"valid_until": "Dernier jour du mandat : ce champ est obligatoire."})
    if representative.valid_until is not None:
        raise ValidationError(
            {
                "valid_until": "Dernier jour du mandat : ce mandat est déjà terminé "
                f"({representative.valid_until:%d/%m/%Y})."
            }
        )
    if representative.valid_from is not None and valid_until < representative.valid_from:
        raise ValidationError(
            {
                "valid_until": "Dernier jour du mandat : il ne peut pas précéder le début du mandat "
                f"({representative.valid_from:%d/%m/%Y})."
            }
        )
    representative.valid_until = valid_until
    representative.full_clean()
    representative.save(update_fields=["valid_until"])
    return representative


@transaction.atomic
def add_carrier(programme: Programme, organisation: Organisation, valid_from, valid_until=None) -> ProgrammeCarrier:
    """A new carrier of the programme from ``valid_from``: the previous one stops the day before."""
    if organisation.network_id != programme.network_id:
        raise ValidationError({"organisation": "Organisation : elle doit appartenir au réseau du programme."})
    carrier = ProgrammeCarrier(
        programme=programme, organisation=organisation, valid_from=valid_from, valid_until=valid_until
    )
    carrier.full_clean()
    _close_open_period(programme.carriers.all(), valid_from, "Valide à partir du")
    carrier.save()
    return carrier


@transaction.atomic
def create_programme(*, network, commune, name, age_min, age_max, carrier, valid_from, quartiers=()) -> Programme:
    if commune.network_id != network.pk:
        raise ValidationError({"commune": "Commune : elle doit appartenir au réseau."})
    programme = Programme(network=network, commune=commune, name=name, age_min=age_min, age_max=age_max)
    programme.full_clean()
    programme.save()
    programme.quartiers.set(quartiers)
    add_carrier(programme, carrier, valid_from)
    return programme


@transaction.atomic
def add_official_quartier(commune: Commune, entry: OfficialQuartier) -> Quartier:
    """Record a quartier of the bundled official list for the commune (once per period)."""
    if not entry.covers(commune.insee_code):
        raise ValidationError({"official": "Quartier de la liste officielle : il n'est pas dans cette commune."})
    existing = commune.quartiers.filter(name=entry.name, kind=entry.kind, valid_from=entry.valid_from)
    if existing.exists():
        raise ValidationError(
            {"official": "Quartier de la liste officielle : il est déjà enregistré pour cette période."}
        )
    quartier = Quartier(
        commune=commune,
        name=entry.name,
        kind=entry.kind,
        code=entry.code,
        legal_basis=entry.legal_basis,
        valid_from=entry.valid_from,
        valid_until=entry.valid_until,
    )
    quartier.full_clean()
    quartier.save()
    return quartier
