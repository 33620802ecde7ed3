import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone

from reussite.core.exports import Column, export_response
from reussite.core.pagination import paginate
from reussite.core.scoping import CHANGE, get_scope, get_scoped_or_404, scoped

from .forms import YouthCountForm
from .models import Commune, Organisation, Programme, ProgrammeCarrier, Quartier
from .queries import programme_quartier_youth, programme_youth_counts, youth_table_for
from .scoping import managed_network_ids


def _managed(user) -> frozenset[int]:
    """Networks whose referential the user maintains (onboarding links are shown for those)."""
    return managed_network_ids(get_scope(user))


def _parse_date(value, default):
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


ORGANISATION_COLUMNS = [
    Column("Nom court", lambda o: o.short_name),
    Column("Nom", lambda o: o.name),
    Column("Type", lambda o: o.get_kind_display()),
    Column("Commune", lambda o: o.commune.name if o.commune else ""),
    Column("SIRET", lambda o: o.siret),
    Column("Adresse", lambda o: " ".join(filter(None, [o.address, o.postal_code, o.city]))),
]
PROGRAMME_COLUMNS = [
    Column("Programme", lambda p: p.name),
    Column("Commune", lambda p: p.commune.name),
    Column("Porteur actuel", lambda p: ", ".join(c.organisation.short_name for c in p.current_carriers)),
    Column("Quartiers en vigueur", lambda p: p.quartier_count),
    Column("Âge minimal", lambda p: p.age_min),
    Column("Âge maximal", lambda p: p.age_max),
]
QUARTIER_COLUMNS = [
    Column("Commune", lambda row: row[0].name),
    Column("Code INSEE", lambda row: row[0].insee_code),
    Column("Quartier", lambda row: row[1].name if row[1] else ""),
    Column("Type", lambda row: row[1].get_kind_display() if row[1] else ""),
    Column("Code officiel", lambda row: row[1].code if row[1] else ""),
    Column("Valide du", lambda row: row[1].valid_from if row[1] else None),
    Column("Valide jusqu'au", lambda row: row[1].valid_until if row[1] else None),
    Column("Texte de référence", lambda row: row[1].legal_basis if row[1] else ""),
]


@login_required
def organisation_list(request):
    organisations = scoped(request.user, Organisation).select_related("commune").order_by("name")
    kind = request.GET.get("type", "")
    if kind in Organisation.Kind.values:
        organisations = organisations.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        organisations = organisations.filter(Q(name__icontains=query) | Q(short_name__icontains=query))
    exported = export_response(request, organisations, ORGANISATION_COLUMNS, "organisations", "Organisations")
    if exported is not None:
        return exported
    return render(
        request,
        "territory/organisation_list.html",
        {
            "page": paginate(request, organisations),
            "kinds": Organisation.Kind.choices,
            "kind": kind,
            "q": query,
            "can_manage": bool(_managed(request.user)),
        },
    )


@login_required
def organisation_detail(request, pk):
    organisation = get_scoped_or_404(request.user, Organisation.objects.select_related("commune", "network"), pk=pk)
    representatives = organisation.representatives.select_related("source").order_by("-valid_from")
    carried = (
        scoped(request.user, ProgrammeCarrier)
        .filter(organisation=organisation)
        .select_related("programme")
        .order_by("-valid_from")
    )
    return render(
        request,
        "territory/organisation_detail.html",
        {
            "organisation": organisation,
            "representatives": representatives,
            "carried": carried,
            "can_manage": organisation.network_id in _managed(request.user),
        },
    )


@login_required
def programme_list(request):
    today = timezone.localdate()
    programmes = (
        scoped(request.user, Programme)
        .select_related("commune")
        .prefetch_related(
            Prefetch(
                "carriers",
                queryset=ProgrammeCarrier.objects.valid_on(today).select_related("organisation"),
                to_attr="current_carriers",
            )
        )
        .annotate(quartier_count=Count("quartiers", filter=Q(quartiers__valid_until__isnull=True)))
        .order_by("commune__name")
    )
    exported = export_response(request, programmes, PROGRAMME_COLUMNS, "programmes", "Programmes")
    if exported is not None:
        return exported
    return render(
        request,
        "territory/programme_list.html",
        {"page": paginate(request, programmes), "can_manage": bool(_managed(request.user))},
    )


@login_required
def programme_detail(request, pk):
    programme = get_scoped_or_404(request.user, Programme.objects.select_related("commune", "network"), pk=pk)
    carriers = programme.carriers.select_related("organisation").order_by("valid_from")
    quartiers = programme.quartiers.order_by("-valid_from", "name")
    can_edit = scoped(request.user, Programme, CHANGE).filter(pk=programme.pk).exists()
    return render(
        request,
        "territory/programme_detail.html",
        {
            "programme": programme,
            "carriers": carriers,
            "quartiers": quartiers,
            "counts": programme_youth_counts(request.user, programme),
            "quartier_years": programme_quartier_youth(request.user, programme),
            "can_edit": can_edit,
            "can_manage": programme.network_id in _managed(request.user),
        },
    )


@login_required
def territory_list(request):
    on = _parse_date(request.GET.get("au"), timezone.localdate())
    kind = request.GET.get("type", "")
    quartiers = scoped(request.user, Quartier).valid_on(on).select_related("commune")
    if kind in Quartier.Kind.values:
        quartiers = quartiers.filter(kind=kind)
    communes = scoped(request.user, Commune).prefetch_related(
        Prefetch("quartiers", queryset=quartiers.order_by("name"), to_attr="listed_quartiers")
    )
    exported = export_response(
        request,
        [(c, q) for c in communes for q in (c.listed_quartiers or [None])],
        QUARTIER_COLUMNS,
        f"quartiers-{on.isoformat()}",
        "Quartiers",
    )
    if exported is not None:
        return exported
    return render(
        request,
        "territory/territory_list.html",
        {
            "communes": communes,
            "on": on,
            "kind": kind,
            "kinds": Quartier.Kind.choices,
            "managed": _managed(request.user),
        },
    )


@login_required
def youth_counts(request):
    table, programmes, withheld = youth_table_for(request.user)
    threshold = settings.REUSSITE_SMALL_CELL_THRESHOLD
    marks = {(programme_id, year): mark for (_, programme_id, year), mark in withheld.items()}
    for row in [*table.rows, table.total]:
        for year, cell in row.cells.items():
            if (row.programme_id, year) in marks:
                cell.count = str(marks[(row.programme_id, year)])
    columns = [Column("Programme", lambda row: row.label)] + [
        Column(str(year), lambda row, year=year: row.cells[year].count if year in row.cells else None)
        for year in table.years
    ]
    # Counts as the table shows them: withheld ones are their mark (« < 5 », « secret »).
    exported = export_response(request, [*table.rows, table.total], columns, "jeunes-identifies", "Jeunes identifiés")
    if exported is not None:
        return exported
    editable = set(scoped(request.user, Programme, CHANGE).values_list("pk", flat=True))
    return render(
        request,
        "territory/youth_counts.html",
        {"table": table, "programmes": programmes, "editable": editable, "threshold": threshold},
    )


@login_required
def youth_count_edit(request, pk):
    programme = get_scoped_or_404(request.user, Programme.objects.select_related("network", "commune"), CHANGE, pk=pk)
    form = YouthCountForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        youth_count = form.save()
        messages.success(
            request, f"Effectif {youth_count.year} de {programme.commune.name} enregistré : {youth_count.count}."
        )
        return redirect("territory:youth_counts")
    return render(request, "territory/youth_count_form.html", {"programme": programme, "form": form})
