class LinkedErrorsMixin:
    """Links each invalid input to its error message (``<p id="<input id>-error">``) for screen readers.

    Templates render the message as ``<p class="field-error" id="{{ field.id_for_label }}-error">``.
    """

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-error"
                widget.attrs["aria-invalid"] = "true"
