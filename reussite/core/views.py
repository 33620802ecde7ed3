from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reussite.core.scoping import get_scope

from .home import cards_for


@login_required
def home(request):
    scope = get_scope(request.user)
    memberships = request.user.memberships.active().select_related("organisation")
    return render(
        request,
        "core/home.html",
        {"cards": cards_for(request), "memberships": memberships, "has_roles": bool(scope.roles)},
    )
