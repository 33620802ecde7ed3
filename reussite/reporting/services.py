"""Operations of reporting: the figures only a programme knows, the report's typed paragraphs."""

from django.db import transaction
from django.http import Http404

from reussite.accounts.scoping import get_scope

from .access import coordinated_network_ids, owned_programme_ids
from .models import AnnualFigures, ReportText


def may_enter_annual_figures(user, programme) -> bool:
    scope = get_scope(user)
    return programme.pk in owned_programme_ids(scope) or programme.network_id in coordinated_network_ids(scope)


def annual_figures_for(user, programme, year: int) -> AnnualFigures:
    """The row to edit (unsaved if new); 404 for anyone who may not enter them."""
    if not may_enter_annual_figures(user, programme):
        raise Http404
    return AnnualFigures.objects.filter(programme=programme, year=year).first() or AnnualFigures(
        programme=programme, year=year
    )


@transaction.atomic
def save_annual_figures(user, form) -> AnnualFigures:
    figures = form.save(commit=False)
    if not may_enter_annual_figures(user, figures.programme):
        raise Http404
    figures.full_clean()
    figures.save()
    return figures


def report_text_for(organisation, year: int) -> ReportText:
    return ReportText.objects.filter(organisation=organisation, year=year).first() or ReportText(
        organisation=organisation, year=year
    )


@transaction.atomic
def save_report_text(form) -> ReportText:
    text = form.save(commit=False)
    text.full_clean()
    text.save()
    return text
