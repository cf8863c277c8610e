"""The notification settings form: channels per reminder kind, immediate or a daily digest."""

from django import forms

from .models import NotificationPreferences
from .reminders.registry import sources

CHANNELS = [("email", "By email"), ("in_app", "In the app (the bell)")]
DELIVERY = [("immediate", "As soon as each reminder is due"), ("digest", "Once a day, in a digest")]
HOURS = [(h, f"{(h % 12) or 12}:00 {'a.m.' if h < 12 else 'p.m.'}") for h in range(24)]


def _field_name(kind: str) -> str:
    return f"kind_{kind}"


class NotificationSettingsForm(forms.Form):
    """Built from the registered reminder sources, so a kind another app adds shows up here too."""

    delivery = forms.ChoiceField(
        label="Reminder emails", choices=DELIVERY, widget=forms.RadioSelect, initial="immediate"
    )
    digest_hour = forms.TypedChoiceField(
        label="Digest hour",
        choices=HOURS,
        coerce=int,
        initial=7,
        help_text="In your time zone. Reminders about something sooner than the digest still come at once.",
    )

    def __init__(self, *args, preferences: NotificationPreferences, **kwargs):
        self.preferences = preferences
        initial = {
            "delivery": "digest" if preferences.digest else "immediate",
            "digest_hour": preferences.digest_hour,
        }
        for source in sources():
            initial[_field_name(source.kind)] = [
                channel
                for channel, on in (
                    ("email", preferences.wants_email(source.kind)),
                    ("in_app", preferences.wants_in_app(source.kind)),
                )
                if on
            ]
        super().__init__(*args, initial=initial, **kwargs)
        kind_fields = {
            _field_name(source.kind): forms.MultipleChoiceField(
                label=source.label,
                choices=CHANNELS,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=source.description,
            )
            for source in sources()
        }
        self.fields = {**kind_fields, **self.fields}

    def apply(self) -> NotificationPreferences:
        """Write the choices onto the preferences (the view saves them)."""
        data, prefs = self.cleaned_data, self.preferences
        kinds = [source.kind for source in sources()]
        # Kinds not offered right now (an app switched off) keep their setting.
        prefs.email_off = [k for k in prefs.email_off if k not in kinds] + [
            k for k in kinds if "email" not in data[_field_name(k)]
        ]
        prefs.in_app_off = [k for k in prefs.in_app_off if k not in kinds] + [
            k for k in kinds if "in_app" not in data[_field_name(k)]
        ]
        prefs.digest = data["delivery"] == "digest"
        prefs.digest_hour = data["digest_hour"]
        return prefs
