"""What reporting stores itself: the few figures no other domain knows, and the report's own text.

Everything else is computed from the domains (``loaders.py`` → ``indicators.py``): nobody types a
figure the platform already knows.
"""

from django.db import models
from django.db.models import Q

from reussite.core.constraints import non_negative
from reussite.territory.models import Organisation, Programme

AMOUNT = {"max_digits": 12, "decimal_places": 2}


class AnnualFigures(models.Model):
    """Figures of a programme's year that only its team knows: staff in full-time equivalents, and
    the grants that do not go through the network's conventions (CAF, département, others, in kind).

    Every field is optional: unknown stays unknown (the survey's completeness check lists it)."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="annual_figures")
    year = models.PositiveSmallIntegerField("année")
    staff_fte = models.DecimalField(
        "personnel (équivalents temps plein)", max_digits=6, decimal_places=2, null=True, blank=True
    )
    caf_amount = models.DecimalField("financement de la CAF (€)", **AMOUNT, null=True, blank=True)
    departement_amount = models.DecimalField("financement du département (€)", **AMOUNT, null=True, blank=True)
    other_amount = models.DecimalField("autres financements (€)", **AMOUNT, null=True, blank=True)
    in_kind_amount = models.DecimalField("contributions en nature valorisées (€)", **AMOUNT, null=True, blank=True)
    is_demo = models.BooleanField("donnée de démonstration", default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "données annuelles d'un programme"
        verbose_name_plural = "données annuelles des programmes"
        ordering = ["year", "programme__commune__name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="reporting_annual_one_per_programme_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="reporting_annual_year_range",
                violation_error_message="Année : entre 2000 et 2100.",
            ),
            non_negative("staff_fte", "Personnel (ETP)", name="reporting_annual_fte_non_negative"),
            non_negative("caf_amount", "Financement de la CAF", name="reporting_annual_caf_non_negative"),
            non_negative(
                "departement_amount", "Financement du département", name="reporting_annual_departement_non_negative"
            ),
            non_negative("other_amount", "Autres financements", name="reporting_annual_other_non_negative"),
            non_negative("in_kind_amount", "Contributions en nature", name="reporting_annual_in_kind_non_negative"),
        ]

    def __str__(self):
        return f"{self.programme} {self.year}"

    def get_additional_data(self):
        return {"network_id": self.programme.network_id}


class ReportText(models.Model):
    """The typed paragraphs of an organisation's annual activity report (the figures are computed)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="report_texts")
    year = models.PositiveSmallIntegerField("année")
    introduction = models.TextField("introduction", blank=True)
    highlights = models.TextField("faits marquants", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    non_personal_fields = {
        "introduction": "texte du rapport d'activité, sans donnée sur les enfants",
        "highlights": "texte du rapport d'activité, sans donnée sur les enfants",
    }

    class Meta:
        verbose_name = "texte du rapport d'activité"
        verbose_name_plural = "textes des rapports d'activité"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "year"], name="reporting_text_one_per_organisation_year"),
        ]

    def __str__(self):
        return f"{self.organisation} {self.year}"

    def get_additional_data(self):
        return {"network_id": self.organisation.network_id}
