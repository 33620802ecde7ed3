"""Convention documents (PDF, DOCX) and JSON exchange (export, import) pages. Views stay thin: the work
is in :mod:`reussite.funding.documents` and :mod:`reussite.funding.exchange`."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from reussite.accounts.scoping import get_scoped_or_404
from reussite.core.pdf import download_response

from . import documents, exchange, prerender


@login_required
def convention_pdf(request, pk):
    convention = get_scoped_or_404(request.user, documents.document_queryset(), pk=pk)
    doc = documents.build_document(convention)
    # Stored when the convention last changed (prerender.py); rendered here only on a miss.
    return download_response(prerender.convention_pdf(doc), "application/pdf", f"{doc.filename_stem}.pdf")


@login_required
def convention_docx(request, pk):
    convention = get_scoped_or_404(request.user, documents.document_queryset(), pk=pk)
    doc = documents.build_document(convention)
    content = prerender.convention_docx(doc)
    return download_response(content, documents.DOCX_CONTENT_TYPE, f"{doc.filename_stem}.docx")


@login_required
def convention_json(request, pk):
    convention = get_scoped_or_404(request.user, exchange.export_queryset(), pk=pk)
    response = HttpResponse(exchange.export_json(convention), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{exchange.export_filename(convention)}"'
    return response


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier JSON de la convention",
        help_text="Format « reussite.convention/1 », décrit dans docs/convention-json.md ; 2 Mo au plus.",
    )


@login_required
def convention_import(request):
    """Upload a JSON file; refused whole with every error listed by field, or redirect to the convention."""
    if not exchange.can_import(request.user):
        raise PermissionDenied("Import réservé à la coordination métropolitaine et aux chargés des finances.")
    errors = []
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > exchange.MAX_BYTES:
                raise exchange.ImportRefused(
                    [exchange.ImportIssue("", f"fichier trop volumineux ({upload.size} octets, 2 Mo au plus).")]
                )
            convention = exchange.import_convention(request.user, upload.read())
        except exchange.ImportRefused as refused:
            errors = refused.errors
        else:
            messages.success(request, f"Convention {convention.reference} importée.")
            return redirect("funding:convention_detail", pk=convention.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "funding/exchange/import.html", {"form": form, "errors": errors}, status=status)
