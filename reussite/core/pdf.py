"""PDF rendering with WeasyPrint, shared by every document the platform produces.

Acts (extracts of registers...) are rendered as PDF/A (``variant="pdf/a-3b"``): fonts embedded,
metadata set, fit for archiving.
"""

from django.http import HttpResponse
from django.template.loader import render_to_string

PDF_A = "pdf/a-3b"


def render_pdf(template_name: str, context: dict, *, base_url: str = "", variant: str | None = None) -> bytes:
    from weasyprint import HTML  # imported lazily: loading Pango is slow and only PDF views need it

    html = render_to_string(template_name, context)
    return HTML(string=html, base_url=base_url or None).write_pdf(pdf_variant=variant)


def pdf_response(request, template_name: str, context: dict, filename: str, *, variant: str | None = None):
    """A PDF download. ``filename`` must not contain personal data (it ends up in logs and history)."""
    pdf = render_pdf(template_name, context, base_url=request.build_absolute_uri("/"), variant=variant)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
