"""Onboarding pages: the métropole coordination brings organisations, representatives, communes,
quartiers, programmes and carriers into its network without the Django admin.

Every object is read through ``scoped(..., CHANGE)``: another network's answers 404, and a role that
does not maintain the referential gets 403 on the creation pages (404 on an object's).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from reussite.core.errors import add_to_form
from reussite.core.scoping import CHANGE, get_scope, get_scoped_or_404, scoped

from . import services
from .forms import (
    CarrierForm,
    CommuneForm,
    EndTermForm,
    OfficialQuartierForm,
    OrganisationForm,
    ProgrammeForm,
    QuartierForm,
    RepresentativeForm,
)
from .models import Commune, Network, Organisation, Programme, Quartier, Representative
from .qpv_list import department_of, listed_communes_in_department
from .scoping import managed_network_ids


def managed_network(request) -> Network:
    """The network the coordinator works on (``?reseau=`` when they coordinate several)."""
    ids = managed_network_ids(get_scope(request.user))
    if not ids:
        raise PermissionDenied
    wanted = request.GET.get("reseau") or request.POST.get("reseau")
    chosen = int(wanted) if wanted and wanted.isascii() and wanted.isdigit() and int(wanted) in ids else min(ids)
    return Network.objects.get(pk=chosen)


def organisation_create(request):
    network = managed_network(request)
    form = OrganisationForm(request.POST or None, network=network, communes=scoped(request.user, Commune, CHANGE))
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, f"Organisation « {organisation.short_name} » ajoutée au réseau.")
        return redirect("territory:organisation_detail", organisation.pk)
    return render(
        request, "territory/manage_form.html", {"form": form, "title": "Nouvelle organisation", "network": network}
    )


def organisation_edit(request, pk):
    organisation = get_scoped_or_404(request.user, Organisation.objects.select_related("network"), CHANGE, pk=pk)
    form = OrganisationForm(
        request.POST or None,
        instance=organisation,
        network=organisation.network,
        communes=scoped(request.user, Commune, CHANGE),
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Organisation « {organisation.short_name} » mise à jour.")
        return redirect("territory:organisation_detail", organisation.pk)
    return render(
        request,
        "territory/manage_form.html",
        {"form": form, "title": f"Modifier {organisation.short_name}", "cancel": organisation},
    )


def representative_add(request, pk):
    organisation = get_scoped_or_404(request.user, Organisation, CHANGE, pk=pk)
    form = RepresentativeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_representative(organisation, **form.cleaned_data)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Représentant·e de {organisation.short_name} enregistré·e.")
            return redirect("territory:organisation_detail", organisation.pk)
    return render(
        request,
        "territory/manage_form.html",
        {"form": form, "title": f"Nouveau représentant — {organisation.short_name}", "cancel": organisation},
    )


@require_POST
def representative_end(request, pk):
    """End a term without a successor: scoped like the representative pages (404 outside the network)."""
    representative = get_scoped_or_404(
        request.user, Representative.objects.select_related("organisation"), CHANGE, pk=pk
    )
    form = EndTermForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["valid_until"])
        services.end_representative(representative, form.cleaned_data["valid_until"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Mandat de {representative.full_name} terminé le {form.cleaned_data['valid_until']:%d/%m/%Y}.",
        )
    return redirect("territory:organisation_detail", representative.organisation_id)


def commune_create(request):
    network = managed_network(request)
    form = CommuneForm(request.POST or None, network=network)
    if request.method == "POST" and form.is_valid():
        commune = form.save()
        messages.success(request, f"Commune {commune.name} ajoutée : choisissez maintenant ses quartiers.")
        return redirect("territory:quartier_add", commune.pk)
    return render(
        request, "territory/manage_form.html", {"form": form, "title": "Nouvelle commune", "network": network}
    )


def quartier_add(request, pk):
    commune = get_scoped_or_404(request.user, Commune, CHANGE, pk=pk)
    posted_manual = request.method == "POST" and "name" in request.POST
    official = OfficialQuartierForm(
        request.POST if request.method == "POST" and not posted_manual else None, commune=commune
    )
    manual = QuartierForm(request.POST if posted_manual else None, commune=commune)
    form = manual if posted_manual else official
    if request.method == "POST" and form.is_valid():
        try:
            if posted_manual:
                manual.instance.full_clean()
                quartier = manual.save()
            else:
                quartier = services.add_official_quartier(commune, official.cleaned_data["official"])
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Quartier « {quartier.name} » enregistré pour {commune.name}.")
            return redirect("territory:quartier_add", commune.pk)
    return render(
        request,
        "territory/quartier_form.html",
        {
            "commune": commune,
            "official": official,
            "manual": manual,
            "quartiers": commune.quartiers.order_by("-valid_from", "name"),
            "department": department_of(commune.insee_code),
            "listed_nearby": []
            if official.entries
            else listed_communes_in_department(department_of(commune.insee_code)),
        },
    )


def programme_create(request):
    network = managed_network(request)
    form = ProgrammeForm(
        request.POST or None,
        network=network,
        communes=scoped(request.user, Commune, CHANGE),
        organisations=scoped(request.user, Organisation, CHANGE),
        quartiers=scoped(request.user, Quartier, CHANGE),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.create_programme(
                network=network,
                commune=data["commune"],
                name=data["name"],
                age_min=data["age_min"],
                age_max=data["age_max"],
                quartiers=data["quartiers"],
                carrier=data["carrier"],
                valid_from=data["carrier_from"],
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Programme « {programme.name} » créé.")
            return redirect("territory:programme_detail", programme.pk)
    return render(
        request, "territory/manage_form.html", {"form": form, "title": "Nouveau programme", "network": network}
    )


def carrier_add(request, pk):
    programme = get_scoped_or_404(request.user, Programme.objects.select_related("network"), pk=pk)
    if programme.network_id not in managed_network_ids(get_scope(request.user)):
        raise Http404  # the same answer as a programme the user cannot see
    form = CarrierForm(request.POST or None, organisations=scoped(request.user, Organisation, CHANGE))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_carrier(programme, **form.cleaned_data)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Porteur de « {programme.name} » enregistré.")
            return redirect("territory:programme_detail", programme.pk)
    return render(
        request,
        "territory/manage_form.html",
        {"form": form, "title": f"Nouveau porteur — {programme.name}", "cancel_programme": programme},
    )
