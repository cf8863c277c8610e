"""Notes in markdown, rendered safely: markdown to HTML, then nh3 keeps only an allowlist of tags.

The applicant's notes are user data. Raw HTML in them, event handlers, ``javascript:`` links,
images (tracking pixels) and styles never reach the page; what remains is plain formatting.
"""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def render_notes(text: str) -> SafeString:
    """HTML for the notes; safe to insert because nh3 removed everything outside the allowlist."""
    if not text or not text.strip():
        return SafeString("")
    html = markdown.markdown(text, extensions=["sane_lists", "tables"], output_format="html")
    # Headings shift down so a note never competes with the page's own h1/h2.
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(f"</h{level}>", f"</h{level + 2}>")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 above
