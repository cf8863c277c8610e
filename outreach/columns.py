"""The program list's outreach columns: responsiveness and tone, sortable and filterable."""

from django.utils import formats

from programs.columns import ColumnValue, ExtraColumn, RowBatch

from .choices import REPLY_BADGE, TONE_BADGE, TONE_SORT, Reply, Tone
from .responsiveness import responsiveness_of

UNRATED = "unrated"
# Replies first, fastest first; then waiting, then silence; never contacted last (None).
_CATEGORY_OFFSET = {Reply.FAST: 0, Reply.SLOW: 0, Reply.AWAITING: 1000, Reply.NO_REPLY: 2000}


def _when(moment) -> str:
    return formats.date_format(moment, "M j") if moment else ""


def _responsiveness_cell(figures) -> ColumnValue:
    if figures.category == Reply.NOT_CONTACTED:
        return ColumnValue("Not contacted", None, Reply.NOT_CONTACTED, REPLY_BADGE[Reply.NOT_CONTACTED])
    days = figures.days_to_first_reply if figures.days_to_first_reply is not None else figures.waiting_days
    title = f"First email sent {_when(figures.first_sent_at)}"
    if figures.first_reply_at:
        title += f", first reply {_when(figures.first_reply_at)}"
    return ColumnValue(
        figures.short, _CATEGORY_OFFSET[figures.category] + days, figures.category, figures.badge, title
    )


def responsiveness_values(batch: RowBatch) -> dict[int, ColumnValue]:
    return {pk: _responsiveness_cell(f) for pk, f in responsiveness_of(batch).items()}


def tone_values(batch: RowBatch) -> dict[int, ColumnValue]:
    values = {}
    for pk, figures in responsiveness_of(batch).items():
        if figures.tone:
            values[pk] = ColumnValue(
                Tone(figures.tone).label, TONE_SORT[figures.tone], figures.tone, TONE_BADGE[figures.tone]
            )
        else:
            values[pk] = ColumnValue("—", None, UNRATED)
    return values


RESPONSIVENESS_COLUMN = ExtraColumn(
    key="responsiveness",
    label="Responsiveness",
    values=responsiveness_values,
    filter_label="Responsiveness",
    filter_choices=tuple((r.value, r.label) for r in Reply),
    order=40,
)
TONE_COLUMN = ExtraColumn(
    key="tone",
    label="Tone",
    values=tone_values,
    filter_label="Tone",
    filter_choices=(*Tone.choices, (UNRATED, "Not rated")),
    order=41,
)
