"""Sending email from template triplets: ``emails/<event>-subject.txt``, ``-body.txt``, ``-body.html``."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def send_templated_email(event: str, to: list[str], context: dict, *, headers: dict | None = None) -> None:
    """Render the three templates of ``event`` and send one multipart message."""
    subject = " ".join(render_to_string(f"emails/{event}-subject.txt", context).split())
    text = render_to_string(f"emails/{event}-body.txt", context)
    html = render_to_string(f"emails/{event}-body.html", context)
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to, headers=headers
    )
    message.attach_alternative(html, "text/html")
    message.send()


def send_membership_added(membership, added_by, workspace_url: str) -> None:
    send_templated_email(
        "membership-added",
        [membership.user.email],
        {"membership": membership, "added_by": added_by, "workspace_url": workspace_url},
    )
