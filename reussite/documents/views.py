from django.contrib.auth.decorators import login_required
from django.utils import timezone

from reussite.core.pdf import pdf_response

from .right_of_access import gather


@login_required
def right_of_access_pdf(request, pk):
    """Everything held about a child and their household, as a PDF for the family (GDPR art. 15)."""
    record = gather(request.user, pk)
    return pdf_response(
        request,
        "documents/right_of_access.html",
        {"file": record, "child": record.child, "today": timezone.localdate()},
        f"droit-acces-{record.child.code}.pdf",
    )
