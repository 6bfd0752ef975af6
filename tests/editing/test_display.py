"""List cells cut to a length keep the whole text on hover."""

from editing.display import truncated


def test_short_text_is_shown_as_it_is():
    assert truncated("Publish assessment accuracy data") == "Publish assessment accuracy data"
    assert truncated(None) == ""


def test_long_text_is_cut_with_the_whole_text_in_a_title_escaped():
    title = "Written submission from the <Northside> Law Centre on assessment contracts and their appeals"
    cell = str(truncated(title, 40))
    assert cell.startswith('<span class="truncated" title="Written submission from the &lt;Northside&gt;')
    assert "appeals" in cell and "<Northside>" not in cell
    shown = cell.split(">", 1)[1].removesuffix("</span>")
    assert shown.endswith("…") and len(shown.replace("&lt;", "<").replace("&gt;", ">")) == 40
