"""Every scoring URL, tried as anonymous, owner (alice), viewer (bob) and outsider (charlie)."""

from programs.choices import Stage
from scoring.models import Criterion, RankList, Rating
from tests.access import Case
from tests.factories import TrackedProgramFactory


def build(world) -> None:
    ws = world.workspace
    ranked = TrackedProgramFactory(workspace=ws, stage=Stage.INTERVIEWED)
    second = TrackedProgramFactory(workspace=ws, stage=Stage.INTERVIEWED)
    primary = RankList.primary_for(ws)
    first_entry, second_entry = primary.add(ranked), primary.add(second)
    criteria = Criterion.active_for(ws)
    world.objects.update(
        scoring_ranked=ranked,
        scoring_candidate=TrackedProgramFactory(workspace=ws),
        scoring_list=primary,
        scoring_supplemental=RankList.create_supplemental(ws, "Preliminary medicine"),
        scoring_entry=first_entry,
        scoring_entry2=second_entry,
        scoring_snapshot=primary.take_snapshot("Access"),
        scoring_criterion=criteria[-1],
        scoring_rating=Rating.objects.create(workspace=ws, criterion=criteria[0], tracked=ranked, value=4),
    )


def _pk(name):
    return lambda w: {"workspace_id": w.workspace.pk, "pk": getattr(w, name).pk}


def _fmt(name, fmt):
    return lambda w: {"workspace_id": w.workspace.pk, "pk": getattr(w, name).pk, "fmt": fmt}


def _tracked(name):
    return lambda w: {"workspace_id": w.workspace.pk, "tracked_pk": getattr(w, name).pk}


def _weights(w) -> dict:
    return {f"weight_{c.pk}": 2 for c in Criterion.active_for(w.workspace)}


CASES = [
    Case("scoring:index"),
    Case("scoring:list_detail", kwargs=_pk("scoring_supplemental")),
    Case("scoring:list_create", method="post", write=True, data=lambda w: {"name": "Prelim"}),
    Case("scoring:list_delete", kwargs=_pk("scoring_supplemental"), method="post", write=True),
    # Not interviewed: the owner gets the confirmation page.
    Case(
        "scoring:entry_add",
        kwargs=_pk("scoring_list"),
        method="post",
        write=True,
        data=lambda w: {"tracked": w.scoring_candidate.pk},
    ),
    Case("scoring:entry_add_from_program", kwargs=_tracked("scoring_candidate"), method="post", write=True),
    Case(
        "scoring:list_reorder",
        kwargs=_pk("scoring_list"),
        method="post",
        write=True,
        data=lambda w: {"order": [w.scoring_entry2.pk, w.scoring_entry.pk]},
    ),
    Case(
        "scoring:list_reorder",
        kwargs=_pk("scoring_list"),
        method="post",
        write=True,
        htmx=True,
        label="htmx",
        data=lambda w: {"order": [w.scoring_entry2.pk, w.scoring_entry.pk]},
    ),
    Case("scoring:suggestion", kwargs=_pk("scoring_list")),
    Case("scoring:suggestion_accept", kwargs=_pk("scoring_list"), method="post", write=True),
    Case("scoring:list_certify", kwargs=_pk("scoring_list"), method="post", write=True),
    Case("scoring:list_download", kwargs=_fmt("scoring_list", "csv"), label="csv"),
    Case("scoring:list_download", kwargs=_fmt("scoring_list", "xlsx"), label="xlsx"),
    Case("scoring:list_download", kwargs=_fmt("scoring_list", "pdf"), label="pdf"),
    Case(
        "scoring:entry_move",
        kwargs=_pk("scoring_entry"),
        method="post",
        write=True,
        data=lambda w: {"position": 2},
    ),
    Case(
        "scoring:entry_move",
        kwargs=_pk("scoring_entry"),
        method="post",
        write=True,
        htmx=True,
        label="htmx",
        data=lambda w: {"position": 2},
    ),
    Case(
        "scoring:entry_note",
        kwargs=_pk("scoring_entry"),
        method="post",
        write=True,
        data=lambda w: {"why_here": "Mentors"},
    ),
    Case("scoring:entry_remove", kwargs=_pk("scoring_entry"), method="post", write=True),
    Case("scoring:snapshot_list", kwargs=_pk("scoring_list")),
    Case(
        "scoring:snapshot_take",
        kwargs=_pk("scoring_list"),
        method="post",
        write=True,
        data=lambda w: {"label": "x"},
    ),
    Case("scoring:snapshot_detail", kwargs=_pk("scoring_snapshot")),
    Case("scoring:snapshot_restore", kwargs=_pk("scoring_snapshot"), method="post", write=True),
    Case("scoring:scores"),
    Case(
        "scoring:scores_download",
        kwargs=lambda w: {"workspace_id": w.workspace.pk, "fmt": "csv"},
        label="csv",
    ),
    Case(
        "scoring:scores_download",
        kwargs=lambda w: {"workspace_id": w.workspace.pk, "fmt": "xlsx"},
        label="xlsx",
    ),
    Case(
        "scoring:scores_download",
        kwargs=lambda w: {"workspace_id": w.workspace.pk, "fmt": "pdf"},
        label="pdf",
    ),
    Case("scoring:program", kwargs=_tracked("scoring_ranked")),
    Case("scoring:program_rate", kwargs=_tracked("scoring_ranked"), method="post", write=True),
    Case("scoring:rating_keep", kwargs=_pk("scoring_rating"), method="post", write=True),
    Case("scoring:criteria"),
    Case("scoring:criteria_weights", method="post", write=True, data=_weights),
    Case(
        "scoring:criterion_add",
        method="post",
        write=True,
        data=lambda w: {"name": "Call schedule", "kind": "subjective", "weight": 2},
    ),
    Case("scoring:criterion_edit", kwargs=_pk("scoring_criterion")),
    Case(
        "scoring:criterion_edit",
        kwargs=_pk("scoring_criterion"),
        method="post",
        write=True,
        data=lambda w: {"name": "Overall wish", "kind": "subjective", "weight": 4},
    ),
    Case("scoring:criterion_retire", kwargs=_pk("scoring_criterion"), method="post", write=True),
    Case("scoring:criterion_restore", kwargs=_pk("scoring_criterion"), method="post", write=True),
    Case("scoring:rules"),
]
