"""The library at a glance, for the policy coordinator (every document) and for policy owners
(their own documents): reviews due by month, reading completion by pathway and by service,
and documents waiting for each sign-off.

Each chart is drawn on the server as SVG (no script, no outside fonts), links to the list
behind it and comes with a table of the same figures, which is its text equivalent."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.models import TaskState

from .induction.models import Pathway
from .induction.reports import pathway_report
from .models import DocumentPage, Service, ServiceSignOffTask
from .permissions import coordinates_documents

MONTHS_AHEAD = 12
NOBODY_ASKED = "nobody asked yet"

# Drawing: a horizontal bar chart, one row per bar (SVG user units).
LABEL_WIDTH, BAR_WIDTH, VALUE_WIDTH, ROW, TOP = 190, 300, 110, 32, 8


@dataclass
class Bar:
    label: str
    value: int
    text: str  # the value as people read it, e.g. "7 of 12 (58%)"
    url: str = ""
    share: float = 0.0  # 0..1 of the bar area

    # Filled in by `Chart.layout`.
    y: int = 0
    width: float = 0.0


@dataclass
class Chart:
    slug: str
    title: str
    description: str
    list_url: str
    list_label: str
    value_heading: str
    bars: list[Bar] = field(default_factory=list)
    percent: bool = False
    empty_text: str = ""

    @property
    def width(self) -> int:
        return LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH

    @property
    def height(self) -> int:
        return TOP * 2 + ROW * max(len(self.bars), 1)

    @property
    def bar_x(self) -> int:
        return LABEL_WIDTH

    @property
    def is_empty(self) -> bool:
        if self.percent:
            return all(bar.text == NOBODY_ASKED for bar in self.bars)
        return not any(bar.value for bar in self.bars)

    def layout(self) -> Chart:
        largest = max((bar.value for bar in self.bars), default=0)
        for n, bar in enumerate(self.bars):
            if not self.percent:
                bar.share = bar.value / largest if largest else 0.0
            bar.y = TOP + n * ROW
            bar.width = round(BAR_WIDTH * bar.share, 1)
        return self


def may_see_overview(user) -> bool:
    return bool(
        user.is_active
        and (coordinates_documents(user) or DocumentPage.objects.filter(policy_owner=user).exists())
    )


def documents_for(user):
    """The documents the overview counts: all for the coordinator, their own for an owner,
    never one they may not see."""
    queryset = DocumentPage.objects.all()
    if not coordinates_documents(user):
        queryset = queryset.filter(policy_owner=user)
    return queryset.visible_to(user)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


def reviews_by_month(user, today: datetime.date) -> Chart:
    dates = list(
        documents_for(user)
        .filter(pk__in=DocumentPage.objects.in_force().values("pk"), next_review_date__isnull=False)
        .values_list("next_review_date", flat=True)
    )
    first = today.replace(day=1)
    months = [_add_months(first, n) for n in range(MONTHS_AHEAD)]
    counts = dict.fromkeys(months, 0)
    overdue = 0
    for day in dates:
        if day < today:
            overdue += 1
        else:
            month = day.replace(day=1)
            if month in counts:
                counts[month] += 1
    url = reverse("procedures_admin:reviews_due")
    bars = [Bar("Overdue", overdue, _count(overdue), url)]
    bars += [Bar(month.strftime("%B %Y"), n, _count(n)) for month, n in counts.items()]
    return Chart(
        slug="reviews",
        title="Reviews due by month",
        description=(
            f"Documents in force whose review is overdue, then due in each of the next "
            f"{MONTHS_AHEAD} months."
        ),
        list_url=url,
        list_label="Reviews due: the documents overdue or due within 30 days",
        value_heading="Documents",
        bars=bars,
        empty_text="No reviews are due in the next year.",
    ).layout()


def _count(n: int) -> str:
    return f"{n} document{'s' if n != 1 else ''}"


def _completion(done: int, total: int) -> tuple[float, str]:
    if not total:
        return 0.0, NOBODY_ASKED
    return done / total, f"{done} of {total} ({round(100 * done / total)}%)"


def reading_chart(slug: str, title: str, description: str, rows, empty_text: str) -> Chart:
    """A completion chart over (label, done, total, url) rows, linked to the reading reports."""
    bars = []
    for label, done, total, url in rows:
        share, text = _completion(done, total)
        bars.append(Bar(label, round(100 * share), text, url, share))
    return Chart(
        slug=slug,
        title=title,
        description=description,
        list_url=reverse("induction:reports"),
        list_label="Reading reports",
        value_heading="Acknowledged",
        bars=bars,
        percent=True,
        empty_text=empty_text,
    ).layout()


def reading_by_pathway_and_service(user) -> tuple[Chart, Chart]:
    """Acknowledgements done out of those asked for, per active pathway and per the owning
    service of the documents read."""
    mine = (
        None
        if coordinates_documents(user)
        else set(documents_for(user).values_list("pk", flat=True))
    )
    pathway_rows = []
    by_service = {value: [0, 0] for value in Service.values}
    for pathway in Pathway.objects.filter(active=True).order_by("title"):
        report = pathway_report(pathway, user)
        done = total = 0
        for summary in report.documents:
            if mine is not None and summary.document.pk not in mine:
                continue
            done, total = done + summary.done, total + summary.total
            counts = by_service.setdefault(summary.document.service, [0, 0])
            counts[0] += summary.done
            counts[1] += summary.total
        if mine is not None and not total:
            continue
        url = reverse("induction:pathway_report", args=(pathway.pk,))
        pathway_rows.append((pathway.title, done, total, url))
    reports_url = reverse("induction:reports")
    service_rows = [
        (label, *by_service.get(value, [0, 0]), reports_url) for value, label in Service.choices
    ]
    by_pathway = reading_chart(
        "reading-pathways",
        "Reading completion by pathway",
        "Acknowledgements made out of those each active induction pathway asks for.",
        pathway_rows,
        "No active pathway includes these documents.",
    )
    by_service_chart = reading_chart(
        "reading-services",
        "Reading completion by service",
        "Acknowledgements made out of those asked for by induction pathways, by the service "
        "that owns the document.",
        service_rows,
        "Nobody has been asked to read these documents yet.",
    )
    return by_pathway, by_service_chart


def waiting_for_sign_off(user) -> Chart:
    """Documents in the approval workflow, by the step they wait for: owner review, then each
    service's sign-off (a joint document can wait for both services at once)."""
    ids = {str(pk) for pk in documents_for(user).values_list("pk", flat=True)}
    states = (
        TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS)
        .select_related("task", "workflow_state")
        .prefetch_related("sign_offs")
    )
    waiting = {"owner": 0, "police": 0, "fire": 0}
    pages = {
        str(page.pk): page
        for page in DocumentPage.objects.filter(
            pk__in=[
                int(s.workflow_state.object_id) for s in states if s.workflow_state.object_id in ids
            ]
        )
    }
    for state in states:
        page = pages.get(state.workflow_state.object_id)
        if page is None:
            continue
        task = state.task.specific
        if isinstance(task, ServiceSignOffTask):
            signed = {s.service for s in state.sign_offs.all()}
            for service in task.required_services(page):
                if service not in signed:
                    waiting[service] = waiting.get(service, 0) + 1
        else:
            waiting["owner"] += 1
    url = reverse("wagtailadmin_reports:workflow_tasks")
    labels = {"owner": "Owner review", "police": "Police sign-off", "fire": "Fire sign-off"}
    bars = [Bar(labels[key], n, _count(n), url) for key, n in waiting.items()]
    return Chart(
        slug="sign-off",
        title="Documents waiting for each sign-off",
        description="Documents in the approval workflow, by the decision they are waiting for.",
        list_url=url,
        list_label="Workflow tasks: every step awaiting a decision",
        value_heading="Documents waiting",
        bars=bars,
        empty_text="No document is waiting for a decision.",
    ).layout()


def overview(request: HttpRequest) -> TemplateResponse:
    user = request.user
    if not may_see_overview(user):
        raise PermissionDenied
    today = timezone.localdate()
    by_pathway, by_service = reading_by_pathway_and_service(user)
    charts = [reviews_by_month(user, today), waiting_for_sign_off(user), by_pathway, by_service]
    return TemplateResponse(
        request,
        "procedures/admin/overview.html",
        {
            "page_title": "Library overview",
            "header_icon": "view",
            "charts": charts,
            "is_coordinator": coordinates_documents(user),
            "today": today,
        },
    )
