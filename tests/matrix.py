"""Permission matrix: every view and endpoint × every role × own / other organisation / other network.

Each app's tests declare their entries in ``tests/<app>/matrix.py`` as ``ENTRIES``; the test in
``tests/test_permission_matrix.py`` runs them all and fails when a URL pattern (named or not) has no
entry.

An entry checks the status each role gets and, with ``content`` / ``shows`` / ``hides``, WHAT is
served: the world holds sentinel objects (``tests/sentinels.py``) of each target with recognisable
names and amounts; ``Seen("convention", VIEW)`` asserts that each role finds in the body (HTML, JSON,
PDF or DOCX text) the sentinel conventions that ``VIEW`` lets it see, and none of the others.

Targets:
- ``"list"``: a page without an object;
- ``"own"``: an object of the user's own organisation (or programme);
- ``"other_org"``: an object of another organisation of the same network;
- ``"other_network"``: an object of another network.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from reussite.accounts.models import Role
from tests.sentinels import TARGETS

ROLES = [role.value for role in Role]
OUTSIDER = "outsider"  # authenticated, without any membership
EVERYONE = [*ROLES, OUTSIDER]


def statuses(default: int, **overrides: int) -> dict[str, int]:
    """Expected status per role: ``default`` for all, then per-role overrides."""
    result = dict.fromkeys(EVERYONE, default)
    result.update(overrides)
    return result


def only(roles, yes: int = 200, no: int = 404) -> dict[str, int]:
    allowed = {r.value if hasattr(r, "value") else r for r in roles}
    return {role: (yes if role in allowed else no) for role in EVERYONE}


# Texts to look for: each a string, or a tuple of the alternative writings of one sentinel.
Texts = list[str | tuple[str, ...]]


@dataclass(frozen=True)
class Seen:
    """Who sees the sentinel ``kind`` of each target: a role sees it where ``who[target][role]`` is 200.

    On a ``"list"`` target, every target's sentinel is checked: shown to the roles ``who`` allows,
    absent for the others. On an object target (the entry's URL names the sentinel object of that
    target, e.g. ``world.sentinels.object("convention", target)``), that target's sentinel is shown
    where ``who`` allows it and the sentinels of the other targets are never shown; on any other
    target (``"linked"``…) no sentinel may appear.
    """

    kind: str
    who: dict[str, dict[str, int]]

    def split(self, world, target: str, role: str) -> tuple[Texts, Texts]:
        shown, hidden = [], []
        for other in TARGETS:
            texts = world.sentinels.texts(self.kind, other)
            # On an object page, only that object's own sentinel may appear.
            visible = (target == "list" or other == target) and self.who.get(other, {}).get(role) == 200
            (shown if visible else hidden).append(texts)
        return shown, hidden


@dataclass
class Entry:
    url_name: str
    # target -> expected status per role
    expect: dict[str, dict[str, int]]
    # (world, target) -> kwargs for reverse(); may create the object it needs
    kwargs: Callable = field(default=lambda world, target: {})
    method: str = "get"
    data: Callable | None = None  # (world, target) -> POST data
    anonymous: int = 302  # status for a visitor who is not signed in
    # What the body must (not) contain, checked whenever the role gets the expected status (a 404
    # page must not name the object either):
    content: list[Seen] = field(default_factory=list)
    shows: Callable | None = None  # (world, target, role) -> Texts that must appear
    hides: Callable | None = None  # (world, target, role) -> Texts that must not appear
    # An unnamed URL pattern: its full route (as the resolver prints it), with ``<name>`` parts
    # filled from ``kwargs``; ``url_name`` is then only a label.
    route: str | None = None
    # False: a "list" page that aggregates what the user's memberships designate (a network's
    # figures) rather than rows served through the scoping rules; the blanket unscoping test
    # (tests/test_matrix_catches_leaks.py) cannot catch it, an app test mutates its access rule.
    rows_scoped: bool = True

    @property
    def key(self) -> str:
        return self.route if self.route is not None else self.url_name

    def url(self, world, target) -> str:
        kwargs = self.kwargs(world, target)
        if self.route is None:
            return reverse(self.url_name, kwargs=kwargs)
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), self.route)

    def expected_texts(self, world, target, role) -> tuple[Texts, Texts]:
        shown, hidden = [], []
        for seen in self.content:
            more_shown, more_hidden = seen.split(world, target, role)
            shown += more_shown
            hidden += more_hidden
        if self.shows:
            shown += self.shows(world, target, role)
        if self.hides:
            hidden += self.hides(world, target, role)
        return shown, hidden


def entries_by_app():
    import importlib
    import pkgutil

    import tests

    found = []
    for module in pkgutil.iter_modules(tests.__path__):
        if not module.ispkg:
            continue
        try:
            matrix = importlib.import_module(f"tests.{module.name}.matrix")
        except ModuleNotFoundError as error:
            if error.name == f"tests.{module.name}.matrix":
                continue
            raise
        found.extend(matrix.ENTRIES)
    return found


SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " "})


def normalise(text: str) -> str:
    """One space between words, whatever spaces or line breaks the renderer used, and no case
    (documents print titles in capitals)."""
    return " ".join(text.translate(SPACES).split()).casefold()


def served_text(response) -> str:
    """The text a user reads in a response: HTML/JSON/text as decoded, PDF, DOCX and XLSX extracted."""
    import html
    import io
    import json

    content = b"".join(response.streaming_content) if response.streaming else response.content
    content_type = response.get("Content-Type", "")
    if content_type.startswith("application/pdf"):
        from pypdf import PdfReader

        text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
    elif "wordprocessingml" in content_type:
        from docx import Document

        document = Document(io.BytesIO(content))
        parts = [p.text for p in document.paragraphs]
        parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        for section in document.sections:
            parts += [p.text for p in section.header.paragraphs + section.footer.paragraphs]
        text = "\n".join(parts)
    elif "spreadsheetml" in content_type:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(content), read_only=True)
        text = "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    elif "json" in content_type and content:
        text = json.dumps(json.loads(content), ensure_ascii=False)
    else:
        text = html.unescape(content.decode("utf-8", errors="replace"))
    return normalise(text)


def content_mismatches(shown: Texts, hidden: Texts, role: str, response) -> list[str]:
    """What the response shows that ``role`` may not see, or misses of what it must see."""
    if not (shown or hidden):
        return []
    text = served_text(response)
    problems = []
    for texts in shown:
        alternatives = (texts,) if isinstance(texts, str) else texts
        if not any(normalise(t) in text for t in alternatives):
            problems.append(f"{role}: missing {alternatives[0]!r}")
    for texts in hidden:
        alternatives = (texts,) if isinstance(texts, str) else texts
        leaked = [t for t in alternatives if normalise(t) in text]
        if leaked:
            problems.append(f"{role}: shows {leaked[0]!r}, which it may not see")
    return problems


def matrix_mismatches(client, world, entry, target) -> list[str]:
    """Every role's status, and what the body shows, against the entry's expectations."""
    url = entry.url(world, target)
    # Build the sentinels this entry looks for before the first request.
    expected_texts = {role: entry.expected_texts(world, target, role) for role in EVERYONE}
    mismatches = []
    for role in EVERYONE:
        client.force_login(world.outsider if role == OUTSIDER else world.user(role))
        if entry.method == "get":
            response = client.get(url)
        else:
            response = client.post(url, entry.data(world, target) if entry.data else {})
        expected = entry.expect[target][role]
        if response.status_code != expected:
            mismatches.append(f"{role}: got {response.status_code}, expected {expected}")
        else:
            mismatches += content_mismatches(*expected_texts[role], role, response)
    return mismatches
