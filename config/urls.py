from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET

from accounts.views import landing

# The admin login goes through allauth's login view, so it gets allauth's rate limits and 2FA.
admin.autodiscover()
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Shortlist administration"


@require_GET
def healthz(request):
    """Liveness for the load balancer and compose: answers only when the database does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", landing, name="landing"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("accounts.urls")),
    path("w/<uuid:workspace_id>/programs/", include("programs.urls")),
    path("w/<uuid:workspace_id>/catalog/", include("programs.imports.urls")),
    path("w/<uuid:workspace_id>/outreach/", include("outreach.urls")),
    path("w/<uuid:workspace_id>/ranking/", include("scoring.urls")),
]
