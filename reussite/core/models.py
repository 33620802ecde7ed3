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
