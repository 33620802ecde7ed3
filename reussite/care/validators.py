"""Identifiers of health professionals (RPPS, ADELI): checked before anything is saved."""

from django.core.exceptions import ValidationError
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError


def validate_rpps(value: str) -> None:
    """RPPS: 11 digits whose last one is a Luhn check digit (the national directory's key)."""
    if not (len(value) == 11 and value.isdigit()):
        raise ValidationError("Numéro RPPS : 11 chiffres attendus.", code="invalid_rpps")
    try:
        luhn.validate(value)
    except StdnumError as exc:
        raise ValidationError("Numéro RPPS : la clé de contrôle ne correspond pas.", code="invalid_rpps") from exc


def validate_adeli(value: str) -> None:
    """ADELI: 9 characters (département, profession, serial number and key), digits only here."""
    if not (len(value) == 9 and value.isdigit()):
        raise ValidationError("Numéro ADELI : 9 chiffres attendus.", code="invalid_adeli")
