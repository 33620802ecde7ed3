"""Checks on uploaded attachments: size and real type, read from the first bytes (not the name)."""

import os

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage

# The types we accept by default (recognised by their magic numbers with ``filetype``), and the
# extension we store them under. A caller may accept others (the coordination's library takes office
# documents), with the label that names them in the refusal.
ACCEPTED = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}
ACCEPTED_LABEL = "PDF, PNG ou JPEG"
HEAD_BYTES = 8192


def sniff_type(head: bytes, accepted: dict[str, str] = ACCEPTED) -> str | None:
    """The extension of the type ``head`` starts with, or None when it is none of ``accepted``."""
    kind = filetype.guess(head)
    return accepted.get(kind.mime) if kind is not None else None


def check_attachment(
    upload,
    field_label: str,
    *,
    accepted: dict[str, str] = ACCEPTED,
    accepted_label: str = ACCEPTED_LABEL,
    limit: int | None = None,
) -> str:
    """Refuse an upload that is too large (``limit`` bytes, by default the setting) or not really of
    an ``accepted`` type (by default PDF, PNG or JPEG); return its extension."""
    limit = limit or settings.REUSSITE_MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"« {field_label} » : le fichier dépasse la taille maximale de {limit // (1024 * 1024)} Mo."
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    extension = sniff_type(head, accepted)
    if extension is None:
        raise ValidationError(f"« {field_label} » : seuls les fichiers {accepted_label} sont acceptés.")
    return extension


class PrivateStorage(FileSystemStorage):
    """Uploaded files live outside the web root (``REUSSITE_PRIVATE_MEDIA_ROOT``, read at each use so
    tests can move it), have no public URL and are served only by views that check permissions."""

    @property
    def base_location(self):
        return str(settings.REUSSITE_PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view that checks permissions.")


def private_storage():
    return PrivateStorage()
