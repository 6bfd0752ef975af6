"""Short captions of long text (questions, answers, quotes, action points): cut at a word boundary
with an ellipsis, never mid-word."""


def clip(text: str, limit: int) -> str:
    """`text` on one line, at most `limit` characters; when cut, cut after a whole word and end "…"."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if text[limit - 1] != " " and space > 0:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"
