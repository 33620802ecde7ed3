"""``column IN (ids)`` for a list of thousands of ids, as one parameter."""

from django.db.models import BooleanField, Expression, F


class InIds(Expression):
    """``field IN ids`` as a single array parameter on PostgreSQL (``= ANY(%s)``), an ``IN`` list
    elsewhere. With thousands of ids, an ``IN`` list costs more in the application than in the
    database: Django prepares each id and psycopg splits a query of thousands of placeholders
    (``docs/reporting.md``, "Reporting at scale"); PostgreSQL still reads the rows through the
    column's index. Use in ``filter()``: ``Referral.objects.filter(InIds("child_id", ids))``."""

    output_field = BooleanField()

    def __init__(self, field: str, ids):
        super().__init__()
        self.column = F(field)
        self.ids = list(ids)

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, exprs):
        (self.column,) = exprs

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        clone = self.copy()
        clone.column = self.column.resolve_expression(query, allow_joins, reuse, summarize, for_save)
        return clone

    def as_sql(self, compiler, connection):
        sql, params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            # The array's text form, built by str.join (psycopg's list adapter costs ~5 µs an id).
            return f"{sql} = ANY(%s::bigint[])", [*params, "{" + ",".join(map(str, map(int, self.ids))) + "}"]
        return f"{sql} IN ({', '.join(['%s'] * len(self.ids))})", [*params, *self.ids]
