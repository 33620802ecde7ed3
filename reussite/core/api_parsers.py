"""Parser of the API's JSON bodies (kept apart from api.py: DRF imports it while loading its settings)."""

import json

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class SafeJSONParser(JSONParser):
    """DRF's JSON parser, with French messages and a 400 (not a server error) for absurdly nested JSON.

    Python's decoder recurses once per nesting level: a body of 100 000 ``[`` exhausts the stack
    (RecursionError), which DRF does not catch.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError("Corps de la requête : le JSON est imbriqué trop profondément.") from error
        except ParseError as error:
            cause = error.__cause__ or error.__context__
            if isinstance(cause, json.JSONDecodeError):
                raise ParseError(
                    f"Corps de la requête : JSON invalide (ligne {cause.lineno}, colonne {cause.colno})."
                ) from error
            raise ParseError("Corps de la requête : JSON invalide.") from error
