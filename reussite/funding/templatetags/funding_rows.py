"""The convention page's table rows written in Python (:mod:`reussite.funding.rows`), as filters."""

from django import template

from reussite.funding import rows

register = template.Library()

register.filter("evolution_series_rows", rows.evolution_series_rows)
register.filter("charge_rows", rows.charge_rows)
register.filter("resource_rows", rows.resource_rows)
register.filter("split_rows", rows.split_rows)
