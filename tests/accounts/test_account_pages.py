"""The allauth pages we rely on render inside our layout: password reset and change, 2FA."""

import re

from django.core import mail
from django.urls import reverse


def test_password_reset_sends_a_link_that_sets_a_new_password(client, alice):
    client.post(reverse("account_reset_password"), {"email": "alice@example.com"})
    (message,) = mail.outbox
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", message.body).group(1)
    form_url = client.get(link)["Location"]  # allauth moves the key into the session first
    response = client.post(
        form_url, {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"}
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a-new-long-passphrase")


def test_password_change_and_two_factor_pages_render_in_our_layout(alice_client):
    for name in ("account_change_password", "account_email", "mfa_index"):
        page = alice_client.get(reverse(name)).content.decode()
        assert "Two-factor authentication" in page and "Shortlist" in page, name


def test_activating_totp_asks_to_reauthenticate_first(alice_client):
    response = alice_client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
