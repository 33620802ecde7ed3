from django.urls import path

from . import views

app_name = "coordination"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("export.<slug:fmt>", views.calendar_export, name="calendar_export"),
    path("nouveau/", views.event_create, name="event_create"),
    path("series/nouvelle/", views.series_create, name="series_create"),
    path("series/<int:pk>/annuler/", views.series_cancel, name="series_cancel"),
    path("presences/", views.attendance_report, name="attendance_report"),
    path("presences/export.<slug:fmt>", views.attendance_export, name="attendance_export"),
    path("agenda/renouveler/", views.feed_renew, name="feed_renew"),
    path("agenda/<str:token>.ics", views.calendar_feed, name="feed"),
    path("bibliotheque/", views.library, name="library"),
    path("bibliotheque/export.<slug:fmt>", views.library_export, name="library_export"),
    path("bibliotheque/ajouter/", views.resource_create, name="resource_create"),
    path("bibliotheque/<int:pk>/fichier/", views.resource_download, name="resource_download"),
    path("<int:pk>/", views.event_detail, name="event_detail"),
    path("<int:pk>/modifier/", views.event_edit, name="event_edit"),
    path("<int:pk>/annuler/", views.event_cancel, name="event_cancel"),
    path("<int:pk>/compte-rendu/", views.event_minutes, name="event_minutes"),
    path("<int:pk>/inviter/", views.event_invite, name="event_invite"),
    path("<int:pk>/presences/", views.event_attendance, name="event_attendance"),
    path("<int:pk>/cout/", views.event_cost, name="event_cost"),
    path("satisfaction/", views.feedback_report, name="feedback_report"),
    path("tarifs/", views.rates, name="rates"),
    path("<int:pk>/avis/", views.event_feedback, name="event_feedback"),
    path("<int:pk>/reponse/", views.event_reply, name="event_reply"),
    path("<int:pk>/emargement.pdf", views.event_sheet, name="event_sheet"),
]
