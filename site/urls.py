"""URL routes. Everything except the login page and the health check needs a signed-in
user (LoginRequiredMiddleware); Wagtail serves the library pages last."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import localized_js_catalog
from wagtail.admin.views.home import sprite
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from procedures import admin_views


@require_GET
@login_not_required
def healthz(request):
    """Liveness probe for the load balancer; reveals nothing."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    # Before Wagtail's own (accounts.views): no "Remember me", logout by POST only, no
    # renaming oneself.
    path("admin/login/", account_views.AdminLoginView.as_view(), name="wagtailadmin_login"),
    path("admin/logout/", account_views.AdminLogoutView.as_view(), name="wagtailadmin_logout"),
    path(
        "admin/account/",
        require_admin_access(account_views.LibraryAccountView.as_view()),
        name="wagtailadmin_account",
    ),
    # The admin's login page loads its icons and translations before anyone signs in:
    # without these, LoginRequiredMiddleware answered them with the site's login page.
    path("admin/sprite/", login_not_required(sprite), name="wagtailadmin_sprite"),
    path(
        "admin/jsi18n/",
        login_not_required(localized_js_catalog),
        name="wagtailadmin_javascript_catalog",
    ),
    # Wagtail's page types usage report counts and names pages whatever their marking; the
    # library's own version, at the same address, leaves out what the user may not see.
    path(
        "admin/reports/page-types-usage/",
        require_admin_access(admin_views.PageTypesUsageReportView.as_view()),
        name="procedures_page_types_usage",
    ),
    path(
        "admin/reports/page-types-usage/results/",
        require_admin_access(admin_views.PageTypesUsageReportView.as_view(results_only=True)),
        name="procedures_page_types_usage_results",
    ),
    # Wagtail's workflow decision, answering a repeated click as the first (no second effect).
    path(
        "admin/pages/workflow/action/<int:page_id>/<slug:action_name>/<int:task_state_id>/",
        require_admin_access(admin_views.WorkflowActionView.as_view()),
        name="procedures_workflow_action",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", account_views.LogoutView.as_view(), name="logout"),
    path("oidc/", include("accounts.urls")),
    path("healthz", healthz, name="healthz"),
    path("search/", include("search.urls")),
    path("induction/", include("procedures.induction.urls")),
    path("", include("procedures.urls")),
]

# No route serves MEDIA_ROOT: images, renditions and attachments live in private storage and
# are served by views that check permission (procedures.views.serve_image, Wagtail's
# document view).
urlpatterns += [path("", include(wagtail_urls))]
