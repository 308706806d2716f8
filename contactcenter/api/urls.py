from rest_framework.routers import SimpleRouter

from contactcenter.api import views

app_name = "api"

router = SimpleRouter()
router.register("customers", views.CustomerViewSet, basename="customer")
router.register("complaints", views.ComplaintViewSet, basename="complaint")

urlpatterns = router.urls
