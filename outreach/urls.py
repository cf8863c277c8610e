from django.urls import path

from . import (
    views,
    views_calendar,
    views_contacts,
    views_events,
    views_interviews,
    views_messages,
    views_notifications,
    views_replies,
)

app_name = "outreach"

urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings, name="settings"),
    path("programs/<int:tracked_pk>/", views.program, name="program"),
    # Emails
    path("emails/", views_messages.message_list, name="message_list"),
    path("emails/new/", views_messages.compose, name="compose"),
    path("emails/<int:pk>/", views_messages.message_detail, name="message_detail"),
    path("emails/<int:pk>/edit/", views_messages.draft_edit, name="draft_edit"),
    path("emails/<int:pk>/sent/", views_messages.message_log_sent, name="message_log_sent"),
    path("emails/<int:pk>/send/", views_messages.message_send, name="message_send"),
    path("emails/<int:pk>/delete/", views_messages.message_delete, name="message_delete"),
    path("emails/<int:pk>/assign/", views_messages.message_assign, name="message_assign"),
    path("emails/<int:pk>/tone/", views_messages.message_tone, name="message_tone"),
    path("emails/<int:pk>/confirm/", views_replies.message_confirm, name="message_confirm"),
    path("emails/<int:pk>/answers/", views_replies.message_answers, name="message_answers"),
    path("confirmations/<int:pk>/delete/", views_replies.confirmation_delete, name="confirmation_delete"),
    # Replies
    path("inbox/", views_replies.inbox, name="inbox"),
    path("replies/upload/", views_replies.reply_upload, name="reply_upload"),
    path("replies/paste/", views_replies.reply_paste, name="reply_paste"),
    # Contacts and templates
    path("contacts/", views_contacts.contact_list, name="contact_list"),
    path("contacts/new/", views_contacts.contact_new, name="contact_new"),
    path("contacts/<int:pk>/edit/", views_contacts.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", views_contacts.contact_delete, name="contact_delete"),
    path(
        "contacts/suggested/<int:tracked_pk>/<slug:role>/",
        views_contacts.contact_add_suggestion,
        name="contact_add_suggestion",
    ),
    path("contacts.csv", views_contacts.contacts_csv, name="contacts_csv"),
    path("contacts.vcf", views_contacts.contacts_vcf, name="contacts_vcf"),
    path("templates/", views_contacts.template_list, name="template_list"),
    path("templates/new/", views_contacts.template_new, name="template_new"),
    path("templates/<int:pk>/edit/", views_contacts.template_edit, name="template_edit"),
    path("templates/<int:pk>/delete/", views_contacts.template_delete, name="template_delete"),
    # Events, questions and the matrix
    path("events/", views_events.event_list, name="event_list"),
    path("events/new/", views_events.event_new, name="event_new"),
    path("events/<int:pk>/", views_events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", views_events.event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", views_events.event_delete, name="event_delete"),
    path("events/<int:pk>/programs/<int:tracked_pk>/", views_events.event_answers, name="event_answers"),
    path(
        "events/<int:pk>/programs/<int:tracked_pk>/confirm/", views_events.event_confirm, name="event_confirm"
    ),
    path("questions/", views_events.question_list, name="question_list"),
    path("questions/new/", views_events.question_add, name="question_add"),
    path("questions/<int:pk>/edit/", views_events.question_edit, name="question_edit"),
    path("questions/<int:pk>/move/", views_events.question_move, name="question_move"),
    path("questions/<int:pk>/retire/", views_events.question_retire, name="question_retire"),
    path("questions/<int:pk>/restore/", views_events.question_restore, name="question_restore"),
    path("answers/", views_events.matrix, name="matrix"),
    path("answers.csv", views_events.matrix_csv, name="matrix_csv"),
    path("answers.xlsx", views_events.matrix_xlsx, name="matrix_xlsx"),
    # Interviews
    path("interviews/", views_interviews.interview_list, name="interview_list"),
    path("programs/<int:tracked_pk>/interview/", views_interviews.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/delete/", views_interviews.interview_delete, name="interview_delete"),
    # Reminders and notifications
    path("reminders/", views_notifications.notifications, name="notifications"),
    path("reminders/settings/", views_notifications.notification_settings, name="notification_settings"),
    path("reminders/read-all/", views_notifications.notifications_read_all, name="notifications_read_all"),
    path("reminders/failed/seen/", views_notifications.failed_acknowledge, name="failed_acknowledge"),
    path("reminders/<int:pk>/read/", views_notifications.notification_read, name="notification_read"),
    path(
        "reminders/<int:pk>/dismiss/", views_notifications.notification_dismiss, name="notification_dismiss"
    ),
    path("unsubscribe/<str:token>/", views_notifications.unsubscribe, name="unsubscribe"),
    # The season calendar and calendar files
    path("deadlines/", views_calendar.deadlines, name="deadlines"),
    path("deadlines/re-verify/", views_calendar.reverify, name="reverify"),
    path("calendar/rotate/", views_calendar.calendar_rotate, name="calendar_rotate"),
    path("calendar/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
    path("events/<int:pk>/event.ics", views_calendar.event_ics, name="event_ics"),
]
