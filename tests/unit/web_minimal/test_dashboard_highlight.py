"""The server-side highlighter: every character escaped, the text unchanged, tokens classed."""

from __future__ import annotations

import html
import re

import pytest

from ai_strategies.spec import parse_spec, render_strategy
from emulators.llm.canned import GOOD_CODE, GOOD_SPEC
from web_minimal.dashboard.highlight import highlight

TAG = re.compile(r"<[^>]+>")
HOSTILE = (
    'x = "</code></pre><script>alert(1)</script>"  # <img src=x onerror=alert(2)>\n'
    'y = f\'{x!r} {{}}\' + \'&amp;\' \\\n    + """<b>\n"""\n'
)


def text_of(markup: str) -> str:
    """Return what a reader sees of the markup: tags removed, entities decoded."""
    return html.unescape(TAG.sub("", markup))


@pytest.mark.parametrize(
    "source",
    [
        GOOD_CODE,
        render_strategy(parse_spec(GOOD_SPEC), "BtcRsi5m").code,
        HOSTILE,
        "",
        "\n\n",
        "a = 1\r\nb = 2\r\n",
        "def broken(:\n    '''never closed\n",  # the tokenizer gives up: the rest stays as text
        "if x:\n        pass\n  pass\n",  # a dedent to nowhere
        "\tclass Tabs: pass\n\x0c\nz = 0x1F  # form feed above\n",
    ],
)
def test_the_text_of_the_spans_is_the_source(source: str) -> None:
    assert text_of(highlight(source)) == source


def test_script_in_code_is_escaped_not_run() -> None:
    out = str(highlight(HOSTILE))
    assert "<script>" not in out and "<img" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    # Only our own spans are tags: each opens with a class and nothing else.
    assert set(re.findall(r"<(/?\w+)", out)) == {"span", "/span"}
    assert all(tag.startswith('<span class="tok-') for tag in re.findall(r"<span[^>]*>", out))


def test_tokens_get_their_classes() -> None:
    out = str(
        highlight('class A(IStrategy):\n    def go(self, n=3):  # hi\n        return None, "s"\n')
    )
    assert '<span class="tok-keyword">class</span> <span class="tok-def">A</span>' in out
    assert '<span class="tok-keyword">def</span> <span class="tok-def">go</span>' in out
    assert '<span class="tok-builtin">self</span>' in out
    assert '<span class="tok-number">3</span>' in out
    assert '<span class="tok-comment"># hi</span>' in out
    assert '<span class="tok-const">None</span>' in out
    assert '<span class="tok-string">&quot;s&quot;</span>' in out
