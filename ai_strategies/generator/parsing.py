"""Pull a JSON object and clean code out of loosely formatted model output."""

from __future__ import annotations

import json
import re
from typing import Any

# A fenced block with an optional language tag; greedy so fences nested in strings survive.
_OUTER_FENCE = re.compile(r"^\s*```[\w+-]*[ \t]*\r?\n(?P<body>.*)\r?\n[ \t]*```\s*$", re.DOTALL)
# The first fenced block in a code field, fences at line starts (models add prose around it).
_CODE_FENCE = re.compile(
    r"^[ \t]*```[\w+-]*[ \t]*\r?\n(?P<body>.*?)^[ \t]*```", re.DOTALL | re.MULTILINE
)
_REFUSAL_OPENINGS = (
    "i can't",
    "i can’t",
    "i cannot",
    "i won't",
    "i will not",
    "i'm sorry",
    "i’m sorry",
    "i am sorry",
    "sorry,",
    "i'm unable",
    "i am unable",
    "i'm not able",
    "i am not able",
    "as an ai",
    "maaf",
    "saya tidak bisa",
    "saya tidak dapat",
)


def strip_fences(text: str) -> str:
    """Return the body of a reply wrapped whole in a Markdown fence, else the text as is."""
    match = _OUTER_FENCE.match(text)
    return match.group("body") if match else text.strip()


def _loads_object(text: str) -> dict[str, Any] | None:
    try:
        # strict=False: models often leave raw newlines inside JSON strings.
        value = json.loads(text, strict=False)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def extract_json_object(text: str) -> dict[str, Any] | None:
    """Find the JSON object in a reply, tolerating fences and prose around it."""
    unfenced = strip_fences(text)
    for candidate in (unfenced, text):
        if (found := _loads_object(candidate)) is not None:
            return found
    start, end = text.find("{"), text.rfind("}")
    if 0 <= start < end:
        return _loads_object(text[start : end + 1])
    return None


def looks_like_refusal(text: str) -> bool:
    """Tell whether plain (non-JSON) content reads as the model declining the task."""
    opening = text.strip().lower()[:80]
    return opening.startswith(_REFUSAL_OPENINGS)
