"""iCalendar (RFC 5545) documents of events, built with the ``icalendar`` library.

Times are local (Europe/Paris, the project's TIME_ZONE) and written with their TZID. An event's UID
is stable (``event-<id>@<domain>``) so that a calendar updates it instead of duplicating it; its
SEQUENCE grows with each change sent to the invited people, and a cancelled event is ``STATUS:CANCELLED``
(sent with ``METHOD:CANCEL``).
"""

import datetime
import zoneinfo

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as VEvent

PRODID = "-//Réussite//Coordination//FR"


def _uid(event) -> str:
    return f"event-{event.pk}@{getattr(settings, 'REUSSITE_ICS_DOMAIN', 'reussite.local')}"


def _vevent(event, now: datetime.datetime) -> VEvent:
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    item = VEvent()
    item.add("uid", _uid(event))
    item.add("dtstamp", now)
    item.add("sequence", event.sequence)  # raised at each change sent, so calendars replace the event
    if event.is_cancelled:
        item.add("status", "CANCELLED")
    item.add("dtstart", datetime.datetime.combine(event.date, event.start_time, tzinfo=tz))
    item.add("dtend", datetime.datetime.combine(event.date, event.end_time, tzinfo=tz))
    item.add("summary", f"{event.kind.label} — {event.title}")
    location = event.place or event.video_link
    if location:
        item.add("location", location)
    if event.agenda:
        item.add("description", event.agenda)
    return item


def calendar_bytes(events, *, method: str | None = None, now: datetime.datetime | None = None) -> bytes:
    """An ``.ics`` holding ``events`` (``method="REQUEST"`` for an e-mailed invitation or change,
    ``"CANCEL"`` for a cancellation)."""
    now = now or datetime.datetime.now(datetime.UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    if method:
        cal.add("method", method)
    for event in events:
        cal.add_component(_vevent(event, now))
    cal.add_missing_timezones()  # VTIMEZONE for Europe/Paris, so that TZID resolves
    return cal.to_ical()
