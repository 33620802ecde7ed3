from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceDocument(models.Model):
    """A document a figure was printed in (a convention, an extract of a register...).

    Printed figures are kept beside computed ones so the platform can show where they differ.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("titre"), max_length=300)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    reference = models.CharField(_("référence"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("document source")
        verbose_name_plural = _("documents sources")
        ordering = ["issued_on", "code"]

    def __str__(self):
        return self.title


class Counter(models.Model):
    """Last number given in a gapless series, per owner and year (calls for funds of an issuer,
    deliberations of a body, invoices...). Taken only through :func:`reussite.core.numbering.next_number`."""

    series = models.CharField(_("série"), max_length=60)  # e.g. "funding.call_for_funds"
    owner_id = models.PositiveBigIntegerField(_("titulaire"))  # the issuer's id in that series
    year = models.PositiveSmallIntegerField(_("année"))
    last_number = models.PositiveIntegerField(_("dernier numéro"), default=0)

    class Meta:
        verbose_name = _("compteur")
        verbose_name_plural = _("compteurs")
        constraints = [models.UniqueConstraint(fields=["series", "owner_id", "year"], name="core_counter_unique")]

    def __str__(self):
        return f"{self.series} {self.owner_id} {self.year} : {self.last_number}"
