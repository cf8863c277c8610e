"""What the outreach log knows about one program: for its outreach page and the pipeline's detail page."""

from django.urls import reverse

from programs.facts import VISA_KEYS
from programs.resolve import EMPTY, resolve_facts

from .models import Answer, Confirmation, Interview, Message
from .responsiveness import responsiveness

# The facts a reply most often confirms, shown with their source so a confirmation visibly lands.
SHOWN_FACT_KEYS = (
    *VISA_KEYS,
    "accepts_non_us_img",
    "img_residents_recent",
    "step2ck_min_score",
    "grad_year_cutoff",
    "usce_required",
)


def safe_link(url: str) -> str:
    """A source link only when it is ours or a web page (an import could carry ``javascript:``)."""
    url = (url or "").strip()
    if url.startswith("/") and not url.startswith("//"):
        return url
    return url if url.lower().startswith(("https://", "http://")) else ""


def program_outreach(workspace, tracked) -> dict:
    """Emails and replies, answers, confirmations, interview and responsiveness of one program."""
    facts = resolve_facts(workspace, [tracked.program_id], keys=SHOWN_FACT_KEYS).get(
        tracked.program_id, EMPTY
    )
    return {
        "tracked": tracked,
        "facts": [
            (facts[key], safe_link(facts[key].source.source_url)) for key in SHOWN_FACT_KEYS if key in facts
        ],
        "emails": list(
            Message.objects.filter(workspace=workspace, tracked=tracked)
            .select_related("parent")
            .newest_first()
        ),
        "answers": list(
            Answer.objects.filter(workspace=workspace, tracked=tracked)
            .select_related("question", "event", "message")
            .order_by("question__position", "-answered_on")
        ),
        "confirmations": list(
            Confirmation.objects.filter(workspace=workspace, tracked=tracked).select_related(
                "fact", "message", "event"
            )
        ),
        "interview": Interview.objects.filter(workspace=workspace, tracked=tracked).first(),
        "responsiveness": responsiveness(workspace, [tracked.pk]).get(tracked.pk),
        "outreach_url": reverse(
            "outreach:program", kwargs={"workspace_id": workspace.pk, "tracked_pk": tracked.pk}
        ),
    }


def detail_panel_context(request, workspace, tracked) -> dict:
    """The outreach section of the pipeline's program detail page (``programs.panels``)."""
    return {"workspace": workspace, **program_outreach(workspace, tracked)}
