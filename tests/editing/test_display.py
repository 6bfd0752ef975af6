"""List cells cut to a length keep the whole text on hover."""

import re

import pytest
from django.contrib.admin import ModelAdmin, site

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


class _Listed:
    pk = 42

    def __str__(self):
        return 'Smith & "Jones" <Ltd>'


@pytest.mark.parametrize(
    "model", [model for model, admin in site._registry.items() if admin.actions is not None]
)
def test_every_admin_writes_the_row_checkbox_django_would(model):
    """The quick checkbox carries the same attributes, escaped the same, as the admin's widget-rendered
    one, so select-all, actions and screen readers behave as before."""
    model_admin = site._registry[model]

    def attributes(html):
        return dict(re.findall(r'([\w-]+)="([^"]*)"', str(html)))

    ours = attributes(model_admin.action_checkbox(_Listed()))
    assert ours == attributes(ModelAdmin.action_checkbox(model_admin, _Listed()))
    assert ours["value"] == "42" and "&amp; &quot;Jones&quot; &lt;Ltd&gt;" in ours["aria-label"]
