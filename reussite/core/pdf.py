"""PDF rendering with WeasyPrint, shared by every document the platform produces.

Acts (extracts of registers...) are rendered as PDF/A (``variant="pdf/a-3b"``): fonts embedded,
metadata set, fit for archiving.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string

PDF_A = "pdf/a-3b"
DOCUMENT_CACHE_SECONDS = 30 * 24 * 3600


def cached_document(kind: str, fingerprint: str, render) -> bytes:
    """``render()`` once per ``fingerprint`` (the full printed content, e.g. the ``repr`` of a document's
    view-model), then served from the cache: a document is rendered again only when what it prints
    changes, never by a stale entry (the key is the content)."""
    key = f"document:{kind}:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    content = cache.get(key)
    if content is None:
        content = render()
        cache.set(key, content, DOCUMENT_CACHE_SECONDS)
    return content


def stored_document(kind: str, fingerprint: str) -> bytes | None:
    """The cached copy of a document, or None when it has not been rendered (or has been evicted)."""
    return cache.get(f"document:{kind}:" + hashlib.sha256(fingerprint.encode()).hexdigest())


def download_response(content: bytes, content_type: str, filename: str) -> HttpResponse:
    """A stored document as a download. ``filename`` must not contain personal data."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_pdf(template_name: str, context: dict, *, base_url: str = "", variant: str | None = None) -> bytes:
    from weasyprint import HTML  # imported lazily: loading Pango is slow and only PDF views need it

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=base_url or None).write_pdf(pdf_variant=variant)


def pdf_response(
    request,
    template_name: str,
    context: dict,
    filename: str,
    *,
    variant: str | None = None,
    fingerprint: str | None = None,
):
    """A PDF download. ``filename`` must not contain personal data (it ends up in logs and history).
    With a ``fingerprint`` (everything the template prints), the PDF is cached until it changes."""
    base_url = request.build_absolute_uri("/")

    def render():
        return render_pdf(template_name, context, base_url=base_url, variant=variant)

    if fingerprint is None:
        pdf = render()
    else:
        pdf = cached_document(f"pdf:{template_name}:{variant}:{base_url}", fingerprint, render)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
