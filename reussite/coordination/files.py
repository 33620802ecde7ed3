"""Checks of an uploaded file: its size, and its real type read from its first bytes (magic
numbers, with the ``filetype`` library) rather than its name or the browser's claim."""

import filetype
from django.core.exceptions import ValidationError

MAX_BYTES = 10 * 1024 * 1024
ALLOWED = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    # Office Open XML and OpenDocument files are zip archives; filetype recognises them by content.
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel",
    "application/vnd.oasis.opendocument.text": "OpenDocument texte",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument présentation",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument tableur",
}


def checked_content_type(upload) -> str:
    """The real MIME type of ``upload``, or a French ``ValidationError`` on the ``file`` field."""
    if upload.size > MAX_BYTES:
        raise ValidationError({"file": f"Fichier : {MAX_BYTES // (1024 * 1024)} Mo au plus."})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED:
        raise ValidationError(
            {"file": "Fichier : type non accepté (PDF, image PNG ou JPEG, Word, PowerPoint, Excel, OpenDocument)."}
        )
    return kind.mime
