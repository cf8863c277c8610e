"""Turning what a reply or an event confirmed into facts with their source (DESIGN §1.5).

One confirmation step writes ONE ``ProgramFact`` for the workspace, dated the day the program said
it, with the sender (or event) as its detail and a link to the message or event page. The answer
also lands in the question bank's matrix, next to what other programs said.
"""

from datetime import date

from django.db import transaction

from programs.facts import fact_key
from programs.models import ProgramFact

from .models import Answer, Confirmation, Question

# What "J-1 only" and friends mean as facts: a key left out was not said, never "no".
VISA_OPTIONS = (
    ("j1_only", "J-1 only", {"visa_j1": True, "visa_h1b": False}),
    ("h1b_only", "H-1B only", {"visa_j1": False, "visa_h1b": True}),
    ("both", "J-1 and H-1B", {"visa_j1": True, "visa_h1b": True}),
    ("none", "No visa sponsorship", {"visa_j1": False, "visa_h1b": False}),
    ("j1", "Sponsors J-1 (H-1B not mentioned)", {"visa_j1": True}),
    ("h1b", "Sponsors H-1B (J-1 not mentioned)", {"visa_h1b": True}),
)
VISA_VALUES = {code: values for code, _label, values in VISA_OPTIONS}
VISA_LABELS = {code: label for code, label, _values in VISA_OPTIONS}

# Facts that also answer a standard bank question (by its slug), with how the answer reads.
ANSWER_TEXT = {
    "img_residents_recent": (
        "img_residents",
        {True: "Yes, recent non-US IMG residents", False: "No recent non-US IMG residents"},
    ),
}


def parse_values(raw: dict[str, object]) -> dict[str, object]:
    """Parse form input with the fact registry; ValueError (with the key) on junk, blanks dropped."""
    values = {}
    for key, value in raw.items():
        try:
            parsed = fact_key(key).parse(value)
        except ValueError as error:
            raise ValueError(f"{fact_key(key).label}: {error}") from None
        if parsed is not None:
            values[key] = parsed
    return values


def _answer_texts(values: dict, visa_code: str) -> dict[str, str]:
    texts = {}
    if visa_code:
        texts["visa"] = f"{VISA_LABELS[visa_code]} (confirmed)"
    for key, (slug, labels) in ANSWER_TEXT.items():
        if key in values:
            texts[slug] = labels[bool(values[key])]
    return texts


@transaction.atomic
def confirm_facts(
    *,
    workspace,
    tracked,
    values: dict,
    source_kind: str,
    source_detail: str,
    source_url: str,
    observed_on: date,
    by=None,
    message=None,
    event=None,
    visa_code: str = "",
) -> Confirmation:
    """Write the fact, link it to its reply or event, and fill the matching bank answers."""
    fact = ProgramFact.objects.create(
        program=tracked.program,
        workspace=workspace,
        values=values,
        source_kind=source_kind,
        source_detail=source_detail[:500],
        source_url=source_url[:500],
        observed_on=observed_on,
        created_by=by,
    )
    confirmation = Confirmation.objects.create(
        workspace=workspace, tracked=tracked, fact=fact, message=message, event=event, created_by=by
    )
    texts = _answer_texts(values, visa_code)
    questions = Question.objects.filter(workspace=workspace, slug__in=texts)
    for question in questions:
        Answer.objects.get_or_create(
            workspace=workspace,
            question=question,
            tracked=tracked,
            message=message,
            event=event,
            defaults={"text": texts[question.slug], "answered_on": observed_on},
        )
    return confirmation


@transaction.atomic
def withdraw_confirmation(confirmation: Confirmation) -> None:
    """Undo a confirmation: its fact goes (so the resolved value falls back to the other sources)."""
    confirmation.fact.delete()  # cascades to the confirmation
