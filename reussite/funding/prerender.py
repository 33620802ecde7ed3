"""Convention documents rendered off the request.

A convention's PDF and DOCX take from half a second to several seconds to lay out (eight years of
financing tables). They are cached by content (``core.pdf.cached_document``): this module fills that
store when a convention changes, once the transaction has committed, in a background thread of the
process that made the change, so that the next download serves the stored file. The download still
renders on a miss (a change made through another path, an evicted entry): the key is what the document
prints, so a stored copy is never stale and a missed pre-rendering costs time, never correctness.

``REUSSITE_DOCUMENT_PRERENDER``: ``background`` (default), ``sync`` (inside the committing request:
tests), ``off``. ``python manage.py render_documents`` fills the store for every convention (after
an import, a deployment or a cache purge), for instance from the scheduler.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connections, transaction

from reussite.core import pdf

from . import documents

logger = logging.getLogger(__name__)

TEMPLATE = "funding/documents/convention_print.html"  # self-contained: inline styles, no relative URL
PDF_KIND = "pdf:convention"
DOCX_KIND = "docx:convention"

_lock = threading.Lock()
_pending: set[int] = set()
_executor: ThreadPoolExecutor | None = None


def convention_pdf(doc: documents.ConventionDocument) -> bytes:
    """The PDF of ``doc``: stored copy, or rendered now and stored."""
    return pdf.cached_document(PDF_KIND, repr(doc), lambda: pdf.render_pdf(TEMPLATE, {"doc": doc}))


def convention_docx(doc: documents.ConventionDocument) -> bytes:
    return pdf.cached_document(DOCX_KIND, repr(doc), lambda: documents.render_docx(doc))


def render_files(convention_id: int) -> bool:
    """Render (or find stored) both documents of a convention. False when it no longer exists."""
    convention = documents.document_queryset().filter(pk=convention_id).first()
    if convention is None:
        return False
    doc = documents.build_document(convention)
    convention_pdf(doc)
    convention_docx(doc)
    return True


def schedule(convention_id: int | None) -> None:
    """Render the convention's documents once the current transaction commits (nothing if it rolls back)."""
    mode = getattr(settings, "DOCUMENT_PRERENDER", "background")
    if mode == "off" or convention_id is None:
        return
    transaction.on_commit(lambda: _submit(convention_id, mode))


def _submit(convention_id: int, mode: str) -> None:
    global _executor
    if mode == "sync":
        render_files(convention_id)
        return
    with _lock:
        if convention_id in _pending:  # already queued (a change saves several rows): render once
            return
        _pending.add(convention_id)
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="documents")
        _executor.submit(_render_in_background, convention_id)


def _render_in_background(convention_id: int) -> None:
    with _lock:
        _pending.discard(convention_id)
    try:
        render_files(convention_id)
    except Exception:  # the download renders on a miss: log, never break the thread
        logger.exception("Pré-rendu des documents de la convention n° %s impossible.", convention_id)
    finally:
        connections.close_all()  # this thread's own connections


def wait(timeout: float = 120) -> None:
    """Wait until every rendering scheduled so far is done (the benchmark, tests)."""
    with _lock:
        executor = _executor
    if executor is not None:
        executor.submit(lambda: None).result(timeout)


def _convention_of(instance) -> int | None:
    if hasattr(instance, "convention_id"):
        return instance.convention_id
    if hasattr(instance, "funding_year_id"):  # a share: through its funding year
        from .models import FundingYear

        return FundingYear.objects.filter(pk=instance.funding_year_id).values_list("convention_id", flat=True).first()
    return instance.pk  # the convention itself


def on_change(sender, instance, **kwargs) -> None:
    """post_save / post_delete of a row the convention document prints."""
    if kwargs.get("raw"):  # fixtures
        return
    schedule(_convention_of(instance))


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import BudgetLine, Convention, ConventionArticle, ConventionParty, FundingShare, FundingYear

    for model in (Convention, ConventionArticle, ConventionParty, FundingYear, BudgetLine, FundingShare):
        post_save.connect(on_change, sender=model, dispatch_uid=f"prerender-{model.__name__}-save")
        post_delete.connect(on_change, sender=model, dispatch_uid=f"prerender-{model.__name__}-delete")
