"""Events (open houses, webinars, resident conversations, interviews, second looks), the answers
heard there, the question bank, and the comparison matrix with its downloads."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.access import get_workspace_for_user
from accounts.spreadsheets import csv_response, safe_filename, xlsx_response
from programs.access import get_tracked_program_for_user, tracked_programs_for_user

from .access import get_event_for_user, get_outreach_settings_for_user, get_question_for_user
from .answers import build_matrix, existing_answers, save_answers
from .choices import EVENT_SOURCE_KIND
from .confirm import confirm_facts
from .forms import AnswersForm, ConfirmFactsForm, EventForm, QuestionForm, QuestionMoveForm
from .models import Event, Question
from .pages import render_page


@login_required
@require_GET
def event_list(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id)
    events = workspace.outreach_events.prefetch_related("programs__program__specialty")
    context = {"upcoming": events.upcoming(), "past": events.past()}
    return render_page(request, "outreach/events/list.html", workspace, "events", context)


def _event_form_page(request, workspace, form, event=None) -> HttpResponse:
    context = {"form": form, "event": event}
    return render_page(request, "outreach/events/form.html", workspace, "events", context)


@login_required
def event_new(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace = get_workspace_for_user(request, workspace_id, write=True)
    initial = {"programs": [request.GET["program"]]} if request.GET.get("program", "").isdigit() else {}
    instance = Event(workspace=workspace, created_by=request.user)
    form = EventForm(request.POST or None, instance=instance, workspace=workspace, initial=initial)
    if request.method == "POST" and form.is_valid():
        event = form.save()
        messages.success(request, f"“{event.title}” added.")
        return redirect("outreach:event_detail", workspace_id=workspace_id, pk=event.pk)
    return _event_form_page(request, workspace, form)


@login_required
def event_edit(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    event = get_event_for_user(request, workspace_id, pk, write=request.method == "POST")
    form = EventForm(request.POST or None, instance=event, workspace=event.workspace)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Event saved.")
        return redirect("outreach:event_detail", workspace_id=workspace_id, pk=event.pk)
    return _event_form_page(request, event.workspace, form, event)


@login_required
@require_GET
def event_detail(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    event = get_event_for_user(request, workspace_id, pk)
    programs = list(event.programs.with_program())
    answered: dict[int, int] = {}
    for tracked_id in event.answers.values_list("tracked_id", flat=True):
        answered[tracked_id] = answered.get(tracked_id, 0) + 1
    context = {
        "event": event,
        "programs": [(t, answered.get(t.pk, 0)) for t in programs],
        "contacts": event.contacts.all(),
        "confirmations": event.confirmations.select_related("fact", "tracked__program"),
    }
    return render_page(request, "outreach/events/detail.html", event.workspace, "events", context)


@login_required
@require_POST
def event_delete(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    event = get_event_for_user(request, workspace_id, pk, write=True)
    event.delete_with_facts()
    messages.success(request, f"“{event.title}” deleted with its answers.")
    return redirect("outreach:event_list", workspace_id=workspace_id)


def _event_program(request, workspace_id, pk: int, tracked_pk: int, *, write: bool):
    event = get_event_for_user(request, workspace_id, pk, write=write)
    tracked = get_tracked_program_for_user(request, workspace_id, tracked_pk, write=write)
    if not event.programs.filter(pk=tracked.pk).exists():
        raise Http404("That program is not part of this event.")
    return event, tracked


def _answers_page(request, event, tracked, form, confirm_form) -> HttpResponse:
    context = {
        "event": event,
        "tracked": tracked,
        "form": form,
        "confirm_form": confirm_form,
        "confirmations": event.confirmations.filter(tracked=tracked).select_related("fact"),
    }
    return render_page(request, "outreach/events/answers.html", event.workspace, "events", context)


@login_required
def event_answers(request: HttpRequest, workspace_id, pk: int, tracked_pk: int) -> HttpResponse:
    """The answers one program gave at this event, one box per question of the bank."""
    event, tracked = _event_program(request, workspace_id, pk, tracked_pk, write=request.method == "POST")
    workspace, _settings = get_outreach_settings_for_user(request, workspace_id)
    questions = workspace.outreach_questions.active()
    existing = existing_answers(workspace, tracked, event=event)
    form = AnswersForm(request.POST or None, questions=questions, existing=existing)
    if request.method == "POST" and form.is_valid():
        answered_on = event.local_start.date()
        count = save_answers(workspace, tracked, form.texts(), event=event, answered_on=answered_on)
        messages.success(
            request, f"{count} answer{'s' if count != 1 else ''} saved for {tracked.program.name}."
        )
        return redirect("outreach:event_detail", workspace_id=workspace_id, pk=event.pk)
    return _answers_page(request, event, tracked, form, ConfirmFactsForm())


@login_required
@require_POST
def event_confirm(request: HttpRequest, workspace_id, pk: int, tracked_pk: int) -> HttpResponse:
    """What the program confirmed at the event becomes a fact sourced to it (open house, resident …)."""
    event, tracked = _event_program(request, workspace_id, pk, tracked_pk, write=True)
    form = ConfirmFactsForm(request.POST)
    if not form.is_valid():
        existing = existing_answers(event.workspace, tracked, event=event)
        answers = AnswersForm(questions=event.workspace.outreach_questions.active(), existing=existing)
        return _answers_page(request, event, tracked, answers, form)
    confirmation = confirm_facts(
        workspace=event.workspace,
        tracked=tracked,
        values=form.values,
        source_kind=EVENT_SOURCE_KIND[event.kind],
        source_detail=f"{event.get_kind_display()}: {event.title}",
        source_url=reverse("outreach:event_detail", kwargs={"workspace_id": workspace_id, "pk": event.pk}),
        observed_on=event.local_start.date(),
        by=request.user,
        event=event,
        visa_code=form.visa_code,
    )
    messages.success(request, f"Recorded for {tracked.program.name}: {confirmation.summary}.")
    return redirect("outreach:event_answers", workspace_id=workspace_id, pk=event.pk, tracked_pk=tracked.pk)


# -- the question bank -------------------------------------------------------------------------------


@login_required
@require_GET
def question_list(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, _settings = get_outreach_settings_for_user(request, workspace_id)
    questions = list(workspace.outreach_questions.all())
    context = {
        "active": [q for q in questions if not q.retired],
        "retired": [q for q in questions if q.retired],
        "form": QuestionForm(),
    }
    return render_page(request, "outreach/questions/list.html", workspace, "questions", context)


@login_required
@require_POST
def question_add(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, _settings = get_outreach_settings_for_user(request, workspace_id, write=True)
    last = workspace.outreach_questions.active().order_by("-position").first()
    form = QuestionForm(request.POST, instance=Question(workspace=workspace))
    if not form.is_valid():
        questions = list(workspace.outreach_questions.all())
        context = {
            "form": form,
            "active": [q for q in questions if not q.retired],
            "retired": [q for q in questions if q.retired],
        }
        return render_page(request, "outreach/questions/list.html", workspace, "questions", context)
    question = form.save(commit=False)
    question.position = (last.position if last else 0) + 1
    question.save()
    messages.success(request, "Question added to the bank.")
    return redirect("outreach:question_list", workspace_id=workspace_id)


@login_required
def question_edit(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    question = get_question_for_user(request, workspace_id, pk, write=request.method == "POST")
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Question reworded. Answers already given stay with it.")
        return redirect("outreach:question_list", workspace_id=workspace_id)
    context = {"form": form, "question": question}
    return render_page(request, "outreach/questions/form.html", question.workspace, "questions", context)


@login_required
@require_POST
def question_move(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    question = get_question_for_user(request, workspace_id, pk, write=True)
    form = QuestionMoveForm(request.POST)
    if form.is_valid() and not question.retired:
        question.move_to(form.cleaned_data["position"])
    return redirect(
        f"{reverse('outreach:question_list', kwargs={'workspace_id': workspace_id})}#q-{question.pk}"
    )


@login_required
@require_POST
def question_retire(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    question = get_question_for_user(request, workspace_id, pk, write=True)
    question.retire()
    messages.success(request, "Question retired: it is no longer asked, its answers stay in the matrix.")
    return redirect("outreach:question_list", workspace_id=workspace_id)


@login_required
@require_POST
def question_restore(request: HttpRequest, workspace_id, pk: int) -> HttpResponse:
    question = get_question_for_user(request, workspace_id, pk, write=True)
    question.restore()
    messages.success(request, "Question back in the bank.")
    return redirect("outreach:question_list", workspace_id=workspace_id)


# -- comparison matrix -------------------------------------------------------------------------------


def _matrix(request, workspace_id):
    workspace, tracked = tracked_programs_for_user(request, workspace_id)
    everything = request.GET.get("programs") == "all"
    return workspace, everything, build_matrix(workspace, tracked.active(), only_answered=not everything)


@login_required
@require_GET
def matrix(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, everything, table = _matrix(request, workspace_id)
    context = {"matrix": table, "everything": everything, "today": timezone.localdate()}
    return render_page(request, "outreach/questions/matrix.html", workspace, "matrix", context)


@login_required
@require_GET
def matrix_csv(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, _everything, table = _matrix(request, workspace_id)
    name = safe_filename("answers", str(workspace.season), extension="csv")
    return csv_response(table.header, table.export_rows(), name)


@login_required
@require_GET
def matrix_xlsx(request: HttpRequest, workspace_id) -> HttpResponse:
    workspace, _everything, table = _matrix(request, workspace_id)
    name = safe_filename("answers", str(workspace.season), extension="xlsx")
    return xlsx_response(table.header, table.export_rows(), name, title="Answers")
