"""Checks on uploaded attachments: size and real type, read from the first bytes (not the name)."""

from django.conf import settings
from django.core.exceptions import ValidationError

# Magic bytes of the types we accept, and the extension we store them under.
SIGNATURES = [
    (b"%PDF-", "pdf", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "png", "PNG"),
    (b"\xff\xd8\xff", "jpg", "JPEG"),
]


def sniff_type(head: bytes) -> str | None:
    """The extension of the type ``head`` starts with, or None when it is none we accept."""
    for magic, extension, _label in SIGNATURES:
        if head.startswith(magic):
            return extension
    return None


def check_attachment(upload, field_label: str) -> str:
    """Refuse an upload that is too large or not really a PDF, PNG or JPEG; return its extension."""
    limit = settings.REUSSITE_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"« {field_label} » : le fichier dépasse la taille maximale de {limit // (1024 * 1024)} Mo."
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    extension = sniff_type(head)
    if extension is None:
        raise ValidationError(f"« {field_label} » : seuls les fichiers PDF, PNG ou JPEG sont acceptés.")
    return extension
