"""Permission matrix of the cross-domain documents."""

from reussite.accounts.models import Role
from tests.matrix import Entry, only, statuses
from tests.parcours.factories import children_of

ALL_404 = statuses(404)


def child_kwargs(w, t):
    return {"pk": children_of(w)[t].pk}


ENTRIES = [
    # The family's right of access: the programme coordination answers it; nobody else gets the file.
    Entry(
        "documents:right_of_access",
        {"own": only([Role.PROGRAMME_COORDINATOR]), "other_org": ALL_404, "other_network": ALL_404},
        child_kwargs,
        shows=lambda w, t, role: (
            ["Propreville", "allée Propre", "Axe-own-confidentiel"]
            if role == Role.PROGRAMME_COORDINATOR and t == "own"
            else []
        ),
        hides=lambda w, t, role: ["Voisinville", "Lointainville", "Sansreferent"],
    ),
]
