"""The table's cell builders escape exactly as Django's ``format_html`` does."""

import pytest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from programs.templatetags.pipeline import _html, _html_join

VALUES = [
    '<script>alert("x")</script>',
    "Tom & Jerry's",
    mark_safe("<b>already safe</b>"),
    gettext_lazy("Lazy <text>"),
    42,
    None,
    "",
]


@pytest.mark.parametrize("value", VALUES)
def test_cells_escape_like_format_html(value):
    assert _html('<span title="{}">{}</span>', value, value) == format_html(
        '<span title="{}">{}</span>', value, value
    )
    assert _html("<i>{name}</i>", name=value) == format_html("<i>{name}</i>", name=value)


def test_joined_cells_escape_like_format_html_join():
    rows = [(value, index) for index, value in enumerate(VALUES)]
    assert _html_join("", "<td>{}:{}</td>", rows) == format_html_join("", "<td>{}:{}</td>", rows)
    assert str(_html("{}", "<")) == "&lt;" and hasattr(_html("{}", "<"), "__html__")
