"""A convention as JSON (``"schema": "reussite.convention/1"``, docs/convention-json.md).

- :mod:`.schema`: the JSON Schema, reading a file and the French messages of refusals by JSON path;
- :mod:`.export`: a convention as a document;
- :mod:`.importing`: a document as a new convention, through the services of the pages, or refused
  whole (``ImportRefused.errors``: every problem found, nothing written).

The file does not carry calls for funds and payments (numbered per issuer, they belong to the cash, not
to the agreement), nor database ids, users or timestamps.
"""

from .export import export_convention, export_filename, export_json, export_queryset
from .importing import IMPORT_ROLES, can_import, import_convention
from .schema import MAX_BYTES, SCHEMA, SCHEMA_ID, ImportIssue, ImportRefused, parse, validate_schema

__all__ = [
    "IMPORT_ROLES",
    "MAX_BYTES",
    "SCHEMA",
    "SCHEMA_ID",
    "ImportIssue",
    "ImportRefused",
    "can_import",
    "export_convention",
    "export_filename",
    "export_json",
    "export_queryset",
    "import_convention",
    "parse",
    "validate_schema",
]
