from django.db import models


class SourceDocument(models.Model):
    """A document a figure was printed in (a convention, an extract of a register...).

    Printed figures are kept beside computed ones so the platform can show where they differ.
    """

    code = models.SlugField("code", max_length=60, unique=True)
    title = models.CharField("titre", max_length=300)
    issued_on = models.DateField("date", null=True, blank=True)
    reference = models.CharField("référence", max_length=120, blank=True)

    class Meta:
        verbose_name = "document source"
        verbose_name_plural = "documents sources"
        ordering = ["issued_on", "code"]

    def __str__(self):
        return self.title


class Counter(models.Model):
    """Last number given in a gapless series, per owner and year (calls for funds of an issuer,
    deliberations of a body, invoices...). Taken only through :func:`reussite.core.numbering.next_number`."""

    series = models.CharField("série", max_length=60)  # e.g. "funding.call_for_funds"
    owner_id = models.PositiveBigIntegerField("titulaire")  # the issuer's id in that series
    year = models.PositiveSmallIntegerField("année")
    last_number = models.PositiveIntegerField("dernier numéro", default=0)

    class Meta:
        verbose_name = "compteur"
        verbose_name_plural = "compteurs"
        constraints = [models.UniqueConstraint(fields=["series", "owner_id", "year"], name="core_counter_unique")]

    def __str__(self):
        return f"{self.series} {self.owner_id} {self.year} : {self.last_number}"
