from django.core.exceptions import ValidationError
from stdnum import bic, iban
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret


def validate_siret(value: str) -> None:
    if not value:
        return
    try:
        siret.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            "SIRET : le numéro « %(value)s » n'est pas valide (14 chiffres avec clé de contrôle).",
            code="invalid_siret",
            params={"value": value},
        ) from exc


def validate_insee_code(value: str) -> None:
    if len(value) != 5 or not (value.isdigit() or value[:2] in {"2A", "2B"} and value[2:].isdigit()):
        raise ValidationError(
            "Code INSEE : « %(value)s » doit compter 5 caractères (ex. 21231).",
            code="invalid_insee",
            params={"value": value},
        )


def validate_iban(value: str) -> None:
    if not value:
        return
    try:
        iban.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            "IBAN : le numéro « %(value)s » n'est pas valide (clé de contrôle).",
            code="invalid_iban",
            params={"value": value},
        ) from exc


def validate_bic(value: str) -> None:
    if not value:
        return
    try:
        bic.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            "BIC : « %(value)s » doit compter 8 ou 11 caractères (ex. BDFEFRPPCCT).",
            code="invalid_bic",
            params={"value": value},
        ) from exc
