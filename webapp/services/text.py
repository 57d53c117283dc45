"""Text a database can store: no NUL (PostgreSQL refuses it) and no lone UTF-16 surrogates."""


def unstorable(text: str) -> str | None:
    """Why the text cannot be stored, as a sentence for a field error, or None when it can."""
    if "\x00" in text:
        return "Must not contain NUL characters."
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return "Must be valid Unicode text (it holds a lone surrogate such as \\ud800)."
    return None


def storable(text: str) -> bool:
    return unstorable(text) is None
