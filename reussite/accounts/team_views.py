"""People of a network: the métropole coordination invites them, gives and ends their memberships;
staff bring a new network in. The invitation link is the only page reachable without signing in."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from reussite.core.errors import add_to_form
from reussite.core.exports import Column, export_response
from reussite.core.pagination import paginate
from reussite.territory.models import Organisation
from reussite.territory.scoping import managed_network_ids

from . import invitations
from .forms import InvitationForm, NetworkForm
from .models import Membership, Role
from .scoping import CHANGE, get_scope, get_scoped_or_404, scoped

MEMBER_COLUMNS = [
    Column("Personne", lambda m: m.person_name),
    Column("Identifiant", lambda m: m.person_username),
    Column("Adresse e-mail", lambda m: m.user.email),
    Column("Organisation", lambda m: m.organisation.short_name),
    Column("Rôle", lambda m: m.get_role_display()),
    Column("Depuis le", lambda m: m.created_at),
    Column("Active", lambda m: m.is_active),
    Column("Fin le", lambda m: m.ended_on),
]


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _require_coordination(request):
    if not managed_network_ids(get_scope(request.user)):
        raise PermissionDenied


def memberships_for(request):
    """The filtered memberships of the list (and of its exports)."""
    memberships = (
        scoped(request.user, Membership, CHANGE)
        .select_related("user", "organisation", "ended_by")
        .order_by("-is_active", "user__last_name", "user__first_name", "organisation__short_name")
    )
    state = request.GET.get("etat", "actives")
    if state == "actives":
        memberships = memberships.filter(is_active=True)
    elif state == "terminees":
        memberships = memberships.filter(is_active=False)
    role = request.GET.get("role", "")
    if role in Role.values:
        memberships = memberships.filter(role=role)
    query = request.GET.get("q", "").strip()
    if query:
        memberships = memberships.filter(
            # A pending invitation is found by its typed names only (the account's would reveal them).
            Q(invitation_pending=False, user__last_name__icontains=query)
            | Q(invitation_pending=False, user__first_name__icontains=query)
            | Q(invitation_pending=True, invited_last_name__icontains=query)
            | Q(invitation_pending=True, invited_first_name__icontains=query)
            | Q(organisation__short_name__icontains=query)
        )
    return memberships, {"etat": state, "role": role, "q": query}


def member_list(request):
    _require_coordination(request)
    memberships, filters = memberships_for(request)
    exported = export_response(request, memberships, MEMBER_COLUMNS, "membres", "Membres")
    if exported is not None:
        return exported
    return render(
        request,
        "accounts/member_list.html",
        {"page": paginate(request, memberships), "roles_choices": Role.choices, **filters},
    )


def invite(request):
    _require_coordination(request)
    organisations = scoped(request.user, Organisation, CHANGE).order_by("name")
    form = InvitationForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            membership = invitations.invite(inviter=request.user, base_url=_base_url(request), **form.cleaned_data)
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                f"Invitation envoyée à {form.cleaned_data['email']} : {membership.get_role_display()}, "
                f"{membership.organisation.short_name}.",
            )
            return redirect("accounts:member_list")
    return render(request, "accounts/invite_form.html", {"form": form})


@require_POST
def membership_end(request, pk):
    membership = get_scoped_or_404(
        request.user, Membership.objects.select_related("user", "organisation"), CHANGE, pk=pk
    )
    try:
        invitations.end_membership(membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Fin de l'adhésion de {membership.person_name} ({membership.get_role_display()}, "
            f"{membership.organisation.short_name}) : l'accès est retiré.",
        )
    return redirect("accounts:member_list")


@require_POST
def invitation_resend(request, pk):
    membership = get_scoped_or_404(
        request.user, Membership.objects.select_related("user", "organisation"), CHANGE, pk=pk
    )
    if membership.is_active and membership.invitation_pending:
        invitations.resend(membership, request.user, _base_url(request))
        messages.success(request, f"Invitation renvoyée à {membership.user.email}.")
    return redirect("accounts:member_list")


def network_create(request):
    """Staff only: a new network, its métropole and its first coordinator's invitation."""
    if not request.user.is_staff:
        raise PermissionDenied
    form = NetworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            network = invitations.create_network(
                name=data["name"],
                metropole_name=data["metropole_name"],
                metropole_short_name=data["metropole_short_name"],
                siret=data["siret"],
                coordinator={k: data[k] for k in ("email", "first_name", "last_name")},
                inviter=request.user,
                base_url=_base_url(request),
            )
        except ValidationError as error:
            add_to_form(form, error)
        else:
            messages.success(request, f"Réseau « {network.name} » créé ; invitation envoyée à {data['email']}.")
            return redirect("home")
    return render(request, "accounts/network_form.html", {"form": form})


class InvitationView(auth_views.PasswordResetConfirmView):
    """The invitation link: Django's password-reset confirmation (the token leaves the URL at once,
    kept in the session), with the invitation's token generator and its own pages."""

    token_generator = invitations.invitation_tokens
    template_name = "accounts/invitation.html"
    success_url = reverse_lazy("accounts:invitation_done")
    reset_url_token = "definir-mot-de-passe"  # noqa: S105 (a URL part, not a password)
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        invitations.accept_invitations(self.user)
        return response
