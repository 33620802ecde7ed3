"""Filters used by the register pages and the extract."""

import datetime

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from reussite.core.formatting import format_long_date

register = template.Library()


@register.filter
def long_date(day: datetime.date | None) -> str:
    """« 2 octobre 2024 », « 1er juillet 2024 »."""
    return format_long_date(day)


@register.filter
def act_text(text: str) -> str:
    """Plain text of an act as HTML: blank lines separate paragraphs, lines starting with « - » are a list."""
    blocks = []
    for block in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.rstrip() for line in block.strip("\n").split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.lstrip().startswith("- ") for line in lines):
            items = "".join(f"<li>{escape(line.lstrip()[2:].strip())}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    return mark_safe("\n".join(blocks))  # noqa: S308  (every piece is escaped above)
