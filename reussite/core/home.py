"""Home-page cards: each app registers what needs the attention of which roles."""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Card:
    title: str
    body: str = ""
    url: str = ""
    link_text: str = ""
    items: list[str] = field(default_factory=list)
    tone: str = "info"  # "info" or "warning"
    # Items that each lead to where the work is done: (text, url), after ``items``.
    links: list[tuple[str, str]] = field(default_factory=list)


CardProvider = Callable[[object], list[Card]]
_PROVIDERS: list[CardProvider] = []


def home_card(provider: CardProvider) -> CardProvider:
    """Register ``provider(request) -> list[Card]``; it decides itself which roles see what."""
    _PROVIDERS.append(provider)
    return provider


def cards_for(request) -> list[Card]:
    cards = []
    for provider in _PROVIDERS:
        cards.extend(provider(request))
    return cards
