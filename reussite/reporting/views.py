"""Dashboards, the State survey (page, XLSX, CSV), annual figures and the annual activity report."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from reussite.accounts.models import Role
from reussite.accounts.scoping import get_scope, scoped
from reussite.core.errors import add_to_form
from reussite.core.pdf import pdf_response
from reussite.territory.models import Organisation, Programme

from . import dashboards, exports, reports, services
from .access import owned_programme_ids, readable_network_ids
from .forms import AnnualFiguresForm, ReportTextForm
from .queries import (
    check_year,
    last_complete_year,
    network_surveys,
    programme_survey,
    readable_programme,
    user_network_id,
)

EXPORT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _year_param(request) -> int:
    value = request.GET.get("annee", "")
    return check_year(int(value)) if value.isascii() and value.isdigit() else last_complete_year()


def _years() -> list[int]:
    this_year = timezone.localdate().year
    return list(range(this_year, this_year - 12, -1))


def dashboard(request):
    scope = get_scope(request.user)
    network_id = user_network_id(request.user)
    owned = sorted(owned_programme_ids(scope))
    kinds = dashboards.allowed_kinds(scope, owned)
    kind = request.GET.get("vue") or kinds[0]
    if kind not in kinds:
        raise Http404
    year = _year_param(request)
    programme = None
    programmes = []
    if kind == "programme":
        programmes = list(scoped(request.user, Programme).filter(pk__in=owned).order_by("commune__name"))
        wanted = request.GET.get("programme", "")
        programme = next((p for p in programmes if str(p.pk) == wanted), programmes[0])
        network_id = programme.network_id  # a carrier may coordinate programmes of two networks
    board = dashboards.build(request.user, kind, network_id, year, programme)
    # The organisation whose report's paragraphs the user writes: their métropole, or the carrier.
    writers = scope.organisation_ids_for(Role.METROPOLE_COORDINATOR, Role.PROGRAMME_COORDINATOR)
    subject = _report_organisation(network_id, programme, year) if kind in ("metropole", "programme") else None
    text_organisation = subject if subject is not None and subject.pk in writers else None
    return render(
        request,
        "reporting/dashboard.html",
        {
            "board": board,
            "kinds": [(k, dashboards.KINDS[k]) for k in kinds],
            "years": _years(),
            "owned_programmes": programmes,
            "text_organisation": text_organisation,
        },
    )


def _consolidation(network, programmes):
    return exports.survey_table([*programmes, network])


def survey_network(request, year):
    check_year(year)
    network, programmes = network_surveys(request.user, user_network_id(request.user), year)
    return render(
        request,
        "reporting/survey.html",
        {
            "survey": network,
            "table": _consolidation(network, programmes),
            "programmes": programmes,
            "years": _years(),
        },
    )


def survey_programme(request, year, pk):
    check_year(year)
    programme = readable_programme(request.user, pk)
    survey = programme_survey(request.user, programme, year)
    return render(
        request,
        "reporting/survey.html",
        {"survey": survey, "table": exports.survey_table([survey]), "programme": programme, "years": _years()},
    )


def _export(table, title: str, filename: str, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_TYPES:
        raise Http404
    content = exports.to_xlsx(table, title) if fmt == "xlsx" else exports.to_csv(table, title)
    response = HttpResponse(content, content_type=EXPORT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def survey_network_export(request, year, fmt):
    check_year(year)
    network, programmes = network_surveys(request.user, user_network_id(request.user), year)
    title = f"Enquête annuelle PRE {year} — {network.title}"
    return _export(_consolidation(network, programmes), title, f"enquete-pre-{year}-reseau", fmt)


def survey_programme_export(request, year, pk, fmt):
    check_year(year)
    programme = readable_programme(request.user, pk)
    survey = programme_survey(request.user, programme, year)
    title = f"Enquête annuelle PRE {year} — {programme.name}"
    return _export(exports.survey_table([survey]), title, f"enquete-pre-{year}-programme-{programme.pk}", fmt)


def annual_figures(request, year, pk):
    check_year(year)
    programme = readable_programme(request.user, pk)
    figures = services.annual_figures_for(request.user, programme, year)
    form = AnnualFiguresForm(request.POST or None, instance=figures)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_annual_figures(request.user, form)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Données {year} de {programme.commune.name} enregistrées.")
            return redirect("reporting:survey_programme", year, programme.pk)
    return render(request, "reporting/annual_figures_form.html", {"form": form, "programme": programme, "year": year})


# ---------------------------------------------------------------- annual activity report


def _report_subject(request, year):
    """The programme of the report (``?programme=``, one the user reads) or None for the network."""
    wanted = request.GET.get("programme", "")
    if wanted:
        if not (wanted.isascii() and wanted.isdigit()):  # « ² » passes isdigit() but not int()
            raise Http404
        return readable_programme(request.user, int(wanted))
    return None


def _report_organisation(network_id: int, programme: Programme | None, year: int):
    """Whose board reads the report: the carrier of the programme, or the network's métropole."""
    if programme is not None:
        return programme.carrier_on(timezone.localdate()) or programme.carrier_on(reports.year_end(year))
    return Organisation.objects.filter(network_id=network_id, kind=Organisation.Kind.METROPOLE).first()


def report_pdf(request, year):
    check_year(year)
    programme = _report_subject(request, year)
    network_id = programme.network_id if programme else user_network_id(request.user)
    organisation = _report_organisation(network_id, programme, year)
    report = reports.build(request.user, network_id, year, programme, organisation)
    suffix = f"programme-{programme.pk}" if programme else "reseau"
    return pdf_response(
        request,
        "reporting/report_print.html",
        {"report": report},
        f"rapport-activite-{year}-{suffix}.pdf",
        fingerprint=repr(report.fingerprint()),
    )


def report_texts(request, year, organisation_pk):
    check_year(year)
    scope = get_scope(request.user)
    writers = scope.organisation_ids_for(Role.METROPOLE_COORDINATOR, Role.PROGRAMME_COORDINATOR)
    organisation = (
        scoped(request.user, Organisation)
        .filter(pk=organisation_pk, pk__in=writers, network_id__in=readable_network_ids(scope))
        .first()
    )
    if organisation is None:
        raise Http404
    form = ReportTextForm(request.POST or None, instance=services.report_text_for(organisation, year))
    if request.method == "POST" and form.is_valid():
        services.save_report_text(form)
        messages.success(request, f"Textes du rapport d'activité {year} enregistrés.")
        return redirect(reverse("reporting:dashboard") + f"?annee={year}")
    return render(
        request, "reporting/report_texts_form.html", {"form": form, "organisation": organisation, "year": year}
    )
