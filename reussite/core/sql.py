"""``column IN (ids)`` for a list of thousands of ids, as one parameter."""

from django.db.models import BooleanField, Expression, F


class _ColumnCondition(Expression):
    """A boolean condition on one column (``field``), usable in ``filter()``."""

    output_field = BooleanField()

    def __init__(self, field: str):
        super().__init__()
        self.column = F(field)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        clone = self.copy()
        clone.column = self.column.resolve_expression(query, allow_joins, reuse, summarize, for_save)
        return clone


class InIds(_ColumnCondition):
    """``field IN ids`` as a single array parameter on PostgreSQL (``= ANY(%s)``), an ``IN`` list
    elsewhere. With thousands of ids, an ``IN`` list costs more in the application than in the
    database: Django prepares each id and psycopg splits a query of thousands of placeholders
    (``docs/reporting.md``, "Reporting at scale"); PostgreSQL still reads the rows through the
    column's index. Use in ``filter()``: ``Referral.objects.filter(InIds("child_id", ids))``."""

    def __init__(self, field: str, ids):
        super().__init__(field)
        self.ids = list(ids)

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            # The array's text form, built by str.join (psycopg's list adapter costs ~5 µs an id).
            return f"{sql} = ANY(%s::bigint[])", [*params, "{" + ",".join(map(str, map(int, self.ids))) + "}"]
        return f"{sql} IN ({', '.join(['%s'] * len(self.ids))})", [*params, *self.ids]


class InSelected(_ColumnCondition):
    """``field IN (SELECT …)`` whose sub-select PostgreSQL runs once, before the outer rows, as an array
    (``= ANY(ARRAY(SELECT …))``): the outer table is then read through the field's index, where a plain
    ``IN (SELECT …)`` or a join let the planner hash every network's rows (the care referrals of a
    network: a scan of all of them, 20 ms at national scale, against 3 ms). ``IN (SELECT …)`` elsewhere.
    Use in ``filter()``: ``CareReferral.objects.filter(InSelected("child_id", children.values("pk")))``."""

    def __init__(self, field: str, queryset):
        super().__init__(field)
        self.queryset = queryset

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        inner, inner_params = self.queryset.query.get_compiler(connection=connection).as_sql()
        if connection.vendor == "postgresql":
            return f"{sql} = ANY(ARRAY({inner}))", [*params, *inner_params]
        return f"{sql} IN ({inner})", [*params, *inner_params]
