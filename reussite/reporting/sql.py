"""``column IN (ids)`` for thousands of ids: the conditions live in ``reussite.core.sql`` (the
coordination's scoping rules use them too)."""

from reussite.core.sql import InIds, InSelected

__all__ = ["InIds", "InSelected"]
