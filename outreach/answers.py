"""Answers to the question bank: saving what one source said, and the comparison matrix
(questions as rows, programs as columns, every answer with its source and date)."""

from dataclasses import dataclass, field

from django.db import transaction

from .models import Answer, Question


@transaction.atomic
def save_answers(workspace, tracked, texts: dict, *, answered_on, event=None, message=None) -> int:
    """Store one source's answers for one program: new text creates or updates, blank removes.

    Returns how many answers the source now holds for the program.
    """
    existing = {
        a.question_id: a
        for a in Answer.objects.filter(workspace=workspace, tracked=tracked, event=event, message=message)
    }
    create, update, remove = [], [], []
    for question, text in texts.items():
        answer = existing.get(question.pk)
        if not text:
            if answer is not None:
                remove.append(answer.pk)
        elif answer is None:
            create.append(
                Answer(
                    workspace=workspace,
                    question=question,
                    tracked=tracked,
                    event=event,
                    message=message,
                    text=text,
                    answered_on=answered_on,
                )
            )
        elif answer.text != text:
            answer.text = text
            update.append(answer)
    Answer.objects.bulk_create(create)
    Answer.objects.bulk_update(update, ["text"])
    Answer.objects.filter(pk__in=remove).delete()
    return len(existing) + len(create) - len(remove)


def existing_answers(workspace, tracked, *, event=None, message=None) -> dict[int, str]:
    rows = Answer.objects.filter(workspace=workspace, tracked=tracked, event=event, message=message)
    return dict(rows.values_list("question_id", "text"))


@dataclass
class Matrix:
    questions: list[Question]
    programs: list  # TrackedProgram
    cells: dict[tuple[int, int], list[Answer]] = field(default_factory=dict)

    def rows(self):
        """[(question, [answers of each program, in column order])] for the template."""
        return [(q, [self.cells.get((q.pk, t.pk), []) for t in self.programs]) for q in self.questions]

    def export_rows(self):
        for question, cells in self.rows():
            yield [question.text, *("\n".join(cell_text(a) for a in answers) for answers in cells)]

    @property
    def header(self) -> list[str]:
        return ["Question", *(t.program.name for t in self.programs)]


def cell_text(answer: Answer) -> str:
    return f"{answer.text} ({answer.source_label}: {answer.source_title}, {answer.answered_on.isoformat()})"


def build_matrix(workspace, tracked_programs, *, only_answered: bool = True) -> Matrix:
    """The matrix for ``tracked_programs`` (a queryset of the workspace's); three queries."""
    answers = list(
        Answer.objects.filter(workspace=workspace, tracked__in=tracked_programs)
        .select_related("event", "message", "question")
        .order_by("-answered_on", "-id")
    )
    answered = {a.tracked_id for a in answers}
    programs = [t for t in tracked_programs if not only_answered or t.pk in answered]
    used_questions = {a.question_id for a in answers}
    questions = [
        q
        for q in Question.objects.filter(workspace=workspace).order_by("retired", "position", "id")
        if not q.retired or q.pk in used_questions
    ]
    matrix = Matrix(questions, programs)
    for answer in answers:
        matrix.cells.setdefault((answer.question_id, answer.tracked_id), []).append(answer)
    return matrix
