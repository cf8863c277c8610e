"""Every reminders URL, tried as anonymous, owner (alice), viewer (bob) and outsider (charlie).

The unsubscribe link and the calendar feed are public on purpose (a signed or secret token is the
key): they are listed in ``tests/test_access.py``'s PUBLIC and tested in ``test_views.py`` and
``test_calendar_views.py``.
"""

from outreach.models import Notification
from tests.access import Case
from tests.outreach.factories import EventFactory


def build(world) -> None:
    ws = world.workspace
    world.objects.update(
        notification=Notification.objects.create(
            workspace=ws, user=world.alice, kind="follow_up", title="No reply from a program", url="/"
        ),
        ics_event=EventFactory(workspace=ws),
    )


def _pk(name):
    return lambda w: {"workspace_id": w.workspace.pk, "pk": getattr(w, name).pk}


def _settings_data(w):
    return {"delivery": "digest", "digest_hour": 8, "kind_follow_up": ["email", "in_app"]}


CASES = [
    Case("outreach:notifications"),
    Case("outreach:notification_settings"),
    # Personal settings: a viewer saves their own too.
    Case("outreach:notification_settings", method="post", data=_settings_data, ok=(302,)),
    Case("outreach:notification_read", kwargs=_pk("notification"), method="post", write=True),
    Case("outreach:notification_dismiss", kwargs=_pk("notification"), method="post", write=True),
    Case("outreach:notifications_read_all", method="post", write=True),
    Case("outreach:failed_acknowledge", method="post", write=True),
    Case("outreach:deadlines"),
    Case("outreach:reverify"),
    Case("outreach:calendar_rotate", method="post", write=True),
    Case("outreach:event_ics", kwargs=_pk("ics_event")),
]
