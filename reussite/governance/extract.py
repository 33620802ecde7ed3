"""The *extrait du registre des délibérations*: what it prints, computed from the register."""

from dataclasses import dataclass, field

from .models import Attendance, Deliberation


@dataclass
class Represented:
    member: object
    holder: object

    @property
    def sentence(self) -> str:
        """« Mme JACQUEMARD représentée par M. MEZUI »."""
        verb = "représentée" if self.member.is_female else "représenté"
        return f"{self.member.short_label} {verb} par {self.holder.short_label}"


@dataclass
class Extract:
    deliberation: Deliberation
    present: list = field(default_factory=list)
    represented: list[Represented] = field(default_factory=list)
    excused: list = field(default_factory=list)
    absent: list = field(default_factory=list)

    @property
    def sitting(self):
        return self.deliberation.item.sitting

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
    attendances = (
        Attendance.objects.filter(item_id=deliberation.item_id)
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
        else:
            extract.absent.append(attendance.member)
    return extract
