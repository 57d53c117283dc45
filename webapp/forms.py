"""Helpers shared by the form views."""

from urllib.parse import urlsplit


def form_view(view):
    """Mark a view whose FlaskForm re-renders itself with an error when its CSRF token fails.

    Only for views that act solely after `form.validate_on_submit()`: the CSRF error handler
    calls them again so the person sees their entries and a clear message, not a bare 400.
    """
    view.rerenders_on_csrf_error = True
    return view


def safe_next(target: str | None, default: str) -> str:
    """The `next` target if it is a path on this site, else the default."""
    if not target or "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
