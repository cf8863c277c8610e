import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "Nadia@Example.com",
    "password1": "a-long-genetics-passphrase",
    "password2": "a-long-genetics-passphrase",
}


def test_signing_up_creates_a_private_workspace_with_an_empty_profile(client):
    response = client.post(reverse("account_signup"), SIGNUP)
    assert response.status_code == 302
    user = User.objects.get(email="nadia@example.com")
    membership = Membership.objects.get(user=user)
    assert membership.role == Membership.Role.OWNER
    assert membership.workspace.profile.visa_need == ""


def test_signing_up_sends_a_verification_email_and_login_waits_for_it(client):
    client.post(reverse("account_signup"), SIGNUP)
    assert len(mail.outbox) == 1
    assert re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert "Shortlist" in mail.outbox[0].body
    client.logout()
    response = client.post(
        reverse("account_login"), {"login": "nadia@example.com", "password": SIGNUP["password1"]}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not EmailAddress.objects.get(email="nadia@example.com").verified


def test_the_same_email_in_another_case_cannot_sign_up_twice(client):
    client.post(reverse("account_signup"), SIGNUP)
    client.logout()
    client.post(reverse("account_signup"), {**SIGNUP, "email": "NADIA@example.com"})
    assert User.objects.filter(email__iexact="nadia@example.com").count() == 1


def test_a_short_password_is_refused_with_a_message(client):
    response = client.post(reverse("account_signup"), {**SIGNUP, "password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    assert not User.objects.exists()


def test_passwords_are_hashed_with_argon2_outside_tests(settings):
    from config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
