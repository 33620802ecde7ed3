"""Panels other apps add to the convention page, without funding depending on them.

Governance, which sits above funding, shows there the deliberations of its registry that approve the
convention; funding only knows this registry (the same pattern as the home cards of
:mod:`reussite.core.home`).
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Panel:
    """A section of the convention page: ``template`` rendered with ``context`` (plus ``panel``)."""

    title: str
    template: str
    context: dict = field(default_factory=dict)


# provider(request, convention, parties) -> a panel, or None when it has nothing to show the user
PanelProvider = Callable[[object, object, list], "Panel | None"]
_PROVIDERS: list[PanelProvider] = []


def convention_panel(provider: PanelProvider) -> PanelProvider:
    """Register a provider; it scopes what it shows to ``request.user`` itself."""
    _PROVIDERS.append(provider)
    return provider


def panels_for(request, convention, parties: list) -> list[Panel]:
    panels = []
    for provider in _PROVIDERS:
        panel = provider(request, convention, parties)
        if panel is not None:
            panels.append(panel)
    return panels
