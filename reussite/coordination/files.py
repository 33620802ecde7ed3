"""The library's file rule: the shared check of ``core.attachments`` (size, real type read from the
first bytes), with the office documents a library holds besides PDF and images."""

from django.core.exceptions import ValidationError

from reussite.core.attachments import check_attachment

MAX_BYTES = 10 * 1024 * 1024  # presentations are larger than the parcours' signed forms
# Real type (recognised by ``filetype`` from the content: office files are zip archives) -> extension.
LIBRARY_TYPES = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
LIBRARY_LABEL = "PDF, PNG, JPEG, Word, PowerPoint, Excel ou OpenDocument"
MIME_OF = {extension: mime for mime, extension in LIBRARY_TYPES.items()}


def checked_content_type(upload) -> str:
    """The real MIME type of ``upload``, or a French ``ValidationError`` on the ``file`` field."""
    try:
        extension = check_attachment(
            upload, "Fichier", accepted=LIBRARY_TYPES, accepted_label=LIBRARY_LABEL, limit=MAX_BYTES
        )
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    return MIME_OF[extension]
