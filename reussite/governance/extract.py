"""The *extrait du registre des délibérations*: what it prints, computed from the register."""

from dataclasses import dataclass, field

from .models import Attendance, Deliberation


@dataclass
class Represented:
    member: object
    holder: object

    @property
    def sentence(self) -> str:
        """« Mme JACQUEMARD représentée par M. MEZUI », or « M. X (pouvoir, mandataire non précisé) »."""
        if self.holder is None:
            return f"{self.member.short_label} (pouvoir, mandataire non précisé)"
        verb = "représentée" if self.member.is_female else "représenté"
        return f"{self.member.short_label} {verb} par {self.holder.short_label}"


@dataclass
class Extract:
    deliberation: Deliberation
    present: list = field(default_factory=list)
    represented: list[Represented] = field(default_factory=list)
    excused: list = field(default_factory=list)
    absent: list = field(default_factory=list)
    absent_or_excused: list = field(default_factory=list)
    # Attendance recorded as counts only (the document names nobody): {status: count}, else None.
    counts: dict | None = None
    rectification: object = None  # the last rectification of the vote, if any

    @property
    def sitting(self):
        return self.deliberation.sitting

    @property
    def absent_or_excused_names(self) -> str:
        return ", ".join(m.short_label for m in self.absent_or_excused)

    @property
    def body(self):
        return self.deliberation.body

    @property
    def present_names(self) -> str:
        return ", ".join(m.short_label for m in self.present)

    @property
    def represented_names(self) -> str:
        return ", ".join(r.sentence for r in self.represented)

    @property
    def excused_names(self) -> str:
        return ", ".join(m.short_label for m in self.excused)

    @property
    def absent_names(self) -> str:
        return ", ".join(m.short_label for m in self.absent)

    @property
    def is_executory(self) -> bool:
        return self.deliberation.executory_on is not None


def build_extract(deliberation: Deliberation) -> Extract:
    extract = Extract(deliberation)
    extract.rectification = deliberation.latest_rectification()
    item = deliberation.agenda_item
    attendances = (
        Attendance.objects.filter(item_id=item.pk)
        .select_related("member", "represented_by")
        .order_by("member__rank", "member__last_name")
    )
    for attendance in attendances:
        if attendance.status == Attendance.Status.PRESENT:
            extract.present.append(attendance.member)
        elif attendance.status == Attendance.Status.REPRESENTED:
            extract.represented.append(Represented(attendance.member, attendance.represented_by))
        elif attendance.status == Attendance.Status.EXCUSED:
            extract.excused.append(attendance.member)
        elif attendance.status == Attendance.Status.ABSENT_OR_EXCUSED:
            extract.absent_or_excused.append(attendance.member)
        elif attendance.status == Attendance.Status.UNKNOWN:
            continue  # the document does not mention them: the extract prints nothing about them
        else:
            extract.absent.append(attendance.member)
    if item.counted_present is not None:  # the printed counts prevail; names printed too are listed
        extract.counts = {
            "present": item.counted_present,
            "represented": item.counted_represented or 0,
            "absent": item.counted_absent,
        }
    return extract
