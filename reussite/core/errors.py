"""One way to show a service's refusal: a ``django.core.exceptions.ValidationError`` whose messages are
French and name the field (``{"amount": "Montant : ..."}``) becomes form errors on a page, DRF errors
in the API, or (field, message) pairs for anything else (the JSON import puts them on JSON paths)."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from rest_framework.exceptions import ValidationError as APIValidationError


def error_items(error: ValidationError) -> list[tuple[str | None, str]]:
    """``(field, message)`` for every message of ``error``; ``field`` is None for the whole object."""
    if hasattr(error, "error_dict"):
        return [
            (None if field == NON_FIELD_ERRORS else field, message)
            for field, errors in error.error_dict.items()
            for e in errors
            for message in e.messages
        ]
    return [(None, message) for message in error.messages]


def add_to_form(form, error: ValidationError) -> None:
    """Attach ``error`` to the form fields it names; messages on other fields go to the whole form."""
    for field, message in error_items(error):
        form.add_error(field if field in form.fields else None, message)


def to_api_error(error: ValidationError) -> APIValidationError:
    """The DRF error (400) for ``error``: ``{field: [messages]}``, ``non_field_errors`` for the rest."""
    detail: dict[str, list[str]] = {}
    for field, message in error_items(error):
        detail.setdefault(field or "non_field_errors", []).append(message)
    return APIValidationError(detail)


def call_for_api(function, *args, **kwargs):
    """Run a service from an API view: its ValidationError answers 400 with the fields named."""
    try:
        return function(*args, **kwargs)
    except ValidationError as error:
        raise to_api_error(error) from error
