from django.contrib import admin
from django.urls import include, path

from reussite.core import views as core_views

admin.site.site_header = "Réussite — administration du référentiel"
admin.site.site_title = "Réussite"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("comptes/", include("reussite.accounts.urls")),
    path("territoires/", include("reussite.territory.urls")),
    path("audit/", include("reussite.audit.urls")),
    path("enfants/", include("reussite.parcours.urls")),
    path("conventions/", include("reussite.funding.urls")),
    # Convention documents (PDF, DOCX) and JSON exchange: same prefix, their own namespace.
    path("conventions/", include("reussite.funding.exchange_urls")),
    path("deliberations/", include("reussite.governance.urls")),
    path("coordination/", include("reussite.coordination.urls")),
    path("documents/", include("reussite.documents.urls")),
    path("soutien-psychologique/", include("reussite.care.urls")),
    path("tableaux-de-bord/", include("reussite.reporting.urls")),
    path("api/v1/", include("reussite.api_urls")),
    path("admin/", admin.site.urls),
]
