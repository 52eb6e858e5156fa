"""Admin wiring: pathways and required reading as snippets under an "Induction" menu, and a
link to the reading reports for those allowed to see them."""

from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.template.loader import select_template
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    CreateView,
    EditView,
    SnippetViewSet,
    SnippetViewSetGroup,
)

from procedures.access import visible_documents
from procedures.models import DocumentPage

from .forms import may_require_any_document
from .models import Pathway, RequiredReading, Submission
from .views import REPORT_PERMISSION


class HeadedForm:
    """Wagtail's own create or edit template, with its title as the page's h1 (one template
    for both: `induction/admin/snippet_form.html` extends whichever Wagtail would use)."""

    def get_template_names(self):
        return ["induction/admin/snippet_form.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["wagtail_template"] = select_template(super().get_template_names())
        return context


class HeadedEditView(HeadedForm, EditView):
    pass


class CreateOnceView(HeadedForm, CreateView):
    """Creates once per form: the same form posted again (a double click) or twice at once
    answers as the first post did. The key the form carries is inserted in the same
    transaction as the object; a second post of the same key waits for the first's commit on
    the unique index, then finds what it created."""

    def post(self, request, *args, **kwargs):
        earlier = self.earlier(request.POST.get("submission", ""))
        if earlier is not None:
            return earlier
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        key = form.cleaned_data.get("submission")
        if not key:
            return super().form_valid(form)
        try:
            with transaction.atomic():
                submission = Submission.objects.create(key=key, model=self.model._meta.label)
                response = super().form_valid(form)
                submission.object_id = self.object.pk
                submission.save(update_fields=["object_id"])
                return response
        except IntegrityError:
            earlier = self.earlier(key)
            if earlier is None:
                raise
            return earlier

    def earlier(self, key: str):
        """The first answer to the submission `key`, if it was made."""
        if not key:
            return None
        submission = Submission.objects.filter(key=key[:64], model=self.model._meta.label).first()
        if submission is None:
            return None
        self.object = self.model.objects.filter(pk=submission.object_id).first()
        if self.object is None:  # deleted since: nothing to show but the listing
            return redirect(self.get_success_url())
        return self.save_action()


class PathwayViewSet(SnippetViewSet):
    model = Pathway
    add_view_class = CreateOnceView
    edit_view_class = HeadedEditView
    icon = "list-ol"
    menu_label = "Pathways"
    list_display = ["title", "active"]
    list_filter = ["active"]
    search_fields = ["title", "description"]


class RequiredReadingViewSet(SnippetViewSet):
    model = RequiredReading
    add_view_class = CreateOnceView
    edit_view_class = HeadedEditView
    icon = "doc-full"
    menu_label = "Required reading"
    list_display = ["document", "due_within_days", "set_by", "created_at"]

    def get_queryset(self, request):
        """Owners see rules for their own documents; nobody sees rules for documents they
        may not see (the listing would reveal their titles)."""
        queryset = RequiredReading.objects.filter(
            document__in=visible_documents(request.user, DocumentPage.objects.all()).values("pk")
        ).select_related("document", "set_by")
        if not may_require_any_document(request.user):
            queryset = queryset.filter(document__policy_owner=request.user)
        return queryset


class InductionViewSetGroup(SnippetViewSetGroup):
    items = (PathwayViewSet, RequiredReadingViewSet)
    menu_icon = "user"
    menu_label = "Induction"
    menu_name = "induction"


register_snippet(InductionViewSetGroup)


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(
        "Reading reports", reverse("induction:reports"), icon_name="table", order=900
    )
