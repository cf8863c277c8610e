"""Saving the applicant's ratings of one program from the ratings form."""

from django.db import transaction

from .models import Rating


@transaction.atomic
def save_ratings(workspace, tracked, choices, *, by) -> int:
    """Apply (item, value or None, note) choices in three statements at most; returns how many changed."""
    create, update, remove = [], [], []
    for item, value, note in choices:
        rating = item.rating
        if value is None:
            if rating is not None:
                remove.append(rating.pk)
        elif rating is None:
            create.append(Rating(workspace=workspace, criterion=item.criterion, tracked=tracked, value=value,
                                 note=note, derived_value=item.derived_value, updated_by=by))  # fmt: skip
        elif rating.value != value or rating.note != note:
            if rating.value != value:
                rating.value, rating.derived_value = value, item.derived_value
            rating.note, rating.updated_by = note, by
            update.append(rating)
    Rating.objects.bulk_create(create)
    Rating.objects.bulk_update(update, ["value", "note", "derived_value", "updated_by"])
    Rating.objects.filter(pk__in=remove).delete()
    return len(create) + len(update) + len(remove)
