"""The CCAS de Dijon board and its sitting of 2 October 2024, as the extract of its register prints it.

Source: shared/seeds/001_278feaa26e00db63.txt. Only what the extract prints is loaded: the 17 members
it names (civility and surname; the first name only where printed), their attendance, the proxies,
the subject, text, vote and recipients. Mandate dates are not printed: they are left open (unknown),
so the members in office on 2 October 2024 are exactly the 17 named. The extract prints no
deliberation number: the deliberation is numbered by the numbering service like any other (the first
of the board's 2024 counter in the demo world), and no transmission or publication date is invented.
"""

import datetime
from pathlib import Path

from django.db import transaction

from reussite.funding.models import Convention
from reussite.territory.models import Organisation

from . import services
from .models import AgendaItem, Attendance, Body, Deliberation, Member, Sitting

SITTING_DATE = datetime.date(2024, 10, 2)
CONVENED_ON = datetime.date(2024, 9, 27)
SUBJECT = (
    "Programme de réussite éducative – Convention Pluriannuelle d'Objectifs 2024 – 2026 : "
    "Coordination des PRE de la Métropole"
)
RECIPIENTS = "Préfecture : 1\nRegistre : 1\nRessources internes : 1\nPolitique de la ville et contractuelles : 1"

# (civility, first name as printed, surname), in the order the extract lists them.
PRESENT = [
    ("M.", "Antoine", "HOAREAU"),
    ("Mme", "", "AKPINAR-ISTIQUAM"),
    ("M.", "", "MEZUI"),
    ("Mme", "", "CHOLLET"),
    ("M.", "", "FAVERJON"),
    ("Mme", "", "GINDRE"),
    ("Mme", "", "VIAN"),
    ("M.", "", "FOUSSET"),
    ("Mme", "", "LECOMTE"),
    ("M.", "", "FOUILLOT"),
    ("M.", "", "JASPART"),
    ("M.", "", "AVENA"),
]
# (civility, surname, proxy holder's surname)
REPRESENTED = [
    ("M.", "REBSAMEN", "HOAREAU"),
    ("M.", "BERTHIER", "CHOLLET"),
    ("Mme", "JACQUEMARD", "MEZUI"),
    ("Mme", "JACQUENET", "LECOMTE"),
]
EXCUSED = [("Mme", "TENENBAUM")]

# The text of the deliberation, as printed (amounts printed in bold in the seed are plain text here).
TEXT = (Path(__file__).parent / "demo_deliberation_2024-10-02.txt").read_text(encoding="utf-8").strip()


def load_board() -> Body:
    organisation = Organisation.objects.get(short_name="CCAS de Dijon")
    body, _ = Body.objects.update_or_create(
        code="ccas-dijon",
        defaults={
            "organisation": organisation,
            "kind": Body.Kind.CCAS_BOARD,
            "name": "Conseil d'administration du CCAS de Dijon",
            "issuer_name": "Centre Communal d'Action Sociale de DIJON",
            "register_name": "Conseil d'Administration",
            "default_recipients": "Préfecture : 1\nRegistre : 1",
            "convocation_clear_days": 3,
        },
    )
    rows = [(c, f, n) for c, f, n in PRESENT]
    rows += [(c, "", n) for c, n, _holder in REPRESENTED]
    rows += [(c, "", n) for c, n in EXCUSED]
    for rank, (civility, first_name, last_name) in enumerate(rows, start=1):
        Member.objects.update_or_create(
            body=body,
            last_name=last_name,
            defaults={"civility": civility, "first_name": first_name, "rank": rank},
        )
    return body


def load_sitting(body: Body) -> Deliberation:
    members = {m.last_name: m for m in Member.objects.filter(body=body)}
    sitting = Sitting.objects.filter(body=body, date=SITTING_DATE).first()
    if sitting is None:
        sitting = services.prepare_sitting(
            body,
            date=SITTING_DATE,
            convened_on=CONVENED_ON,
            president=members["HOAREAU"],
            items=[(SUBJECT, TEXT)],
        )
    item = AgendaItem.objects.get(sitting=sitting, position=1)
    deliberation = Deliberation.objects.filter(item=item).first()
    if deliberation is None:
        entries = {members[n].pk: (Attendance.Status.PRESENT, None) for _c, _f, n in PRESENT}
        entries.update({members[n].pk: (Attendance.Status.REPRESENTED, members[h].pk) for _c, n, h in REPRESENTED})
        entries.update({members[n].pk: (Attendance.Status.EXCUSED, None) for _c, n in EXCUSED})
        services.record_attendance(item, entries)
        deliberation = services.record_vote(
            item, vote_mode=Deliberation.VoteMode.UNANIMOUS, subject=SUBJECT, text=TEXT, recipients=RECIPIENTS
        )
    return deliberation


def link_convention(deliberation: Deliberation):
    """Link the deliberation to the 2024–2026 CPO that the funding demo loads (if it does)."""
    cpo = (
        Convention.objects.filter(
            kind=Convention.Kind.CPO,
            first_year=2024,
            last_year=2026,
            parties__organisation=deliberation.body.organisation,
        )
        .order_by("pk")
        .first()
    )
    if cpo is not None and deliberation.convention_id != cpo.pk:
        services.link_convention(deliberation, cpo)
    return deliberation


@transaction.atomic
def load():
    body = load_board()
    deliberation = load_sitting(body)
    link_convention(deliberation)
