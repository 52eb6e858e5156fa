"""The library's admin URLs, under /admin/library/ (`wagtail_hooks`), namespaced
`procedures_admin` as Wagtail names its own (`wagtailadmin_reports`); the staff site's are
`procedures`."""

from django.urls import path

from . import admin_views, overview

app_name = "procedures_admin"

urlpatterns = [
    path("reviews/", admin_views.ReviewsDueReportView.as_view(), name="reviews_due"),
    path(
        "reviews/results/",
        admin_views.ReviewsDueReportView.as_view(results_only=True),
        name="reviews_due_results",
    ),
    path("overview/", overview.overview, name="overview"),
    path("document/<int:pk>/review/", admin_views.review_no_change, name="review"),
    path("document/<int:pk>/withdraw/", admin_views.withdraw_document, name="withdraw"),
    path("document/<int:pk>/supersede/", admin_views.supersede_document, name="supersede"),
    path("document/<int:pk>/history.csv", admin_views.history_csv, name="history_csv"),
]
