from django.urls import path

from . import views

app_name = "induction"

urlpatterns = [
    path("", views.my_induction, name="mine"),
    path("acknowledge/<int:page_id>/", views.acknowledge, name="acknowledge"),
    path("reports/", views.reports, name="reports"),
    path("reports/pathways/<int:pathway_id>/", views.pathway_report, name="pathway_report"),
    path("reports/documents/<int:page_id>/", views.document_report, name="document_report"),
    path("reports/evidence/", views.evidence, name="evidence"),
]
