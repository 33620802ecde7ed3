from django import template

register = template.Library()


@register.inclusion_tag("includes/export_links_tag.html", takes_context=True)
def export_links(context):
    """Links to the CSV and XLSX files of the list as filtered now (every page, same filters)."""
    request = context["request"]
    query = request.GET.copy()
    query.pop("page", None)
    links = []
    for wanted, label in (("csv", "Exporter en CSV"), ("xlsx", "Exporter en XLSX")):
        query["format"] = wanted
        links.append((f"?{query.urlencode()}", label))
    return {"links": links}
