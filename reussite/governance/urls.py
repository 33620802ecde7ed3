app_name = "governance"
urlpatterns = []
