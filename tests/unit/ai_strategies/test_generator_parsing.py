"""Fence stripping, JSON extraction and refusal spotting on loose model output."""

from __future__ import annotations

import json

import pytest

from ai_strategies.generator.parsing import (
    extract_json_object,
    looks_like_refusal,
    strip_fences,
)

OBJ = {"class_name": "A", "code": "x = 1\n"}


def test_strip_fences_removes_a_whole_reply_fence() -> None:
    assert strip_fences('```json\n{"a": 1}\n```') == '{"a": 1}'
    assert strip_fences('  ```\n{"a": 1}\n```  \n') == '{"a": 1}'


def test_strip_fences_leaves_unfenced_text_alone() -> None:
    assert strip_fences(' {"a": 1} ') == '{"a": 1}'


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(OBJ),
        "```json\n" + json.dumps(OBJ, indent=2) + "\n```",
        "```JSON\r\n" + json.dumps(OBJ) + "\r\n```",
        "Sure! Here it is:\n```json\n" + json.dumps(OBJ) + "\n```\nGood luck.",
        "Result: " + json.dumps(OBJ) + " -- done",
    ],
)
def test_extract_json_object_tolerates_fences_and_prose(text: str) -> None:
    assert extract_json_object(text) == OBJ


def test_extract_json_object_keeps_fences_inside_strings() -> None:
    inner = {"code": "```python\nx = 1\n```"}
    text = "```json\n" + json.dumps(inner) + "\n```"
    assert extract_json_object(text) == inner


def test_extract_json_object_accepts_raw_newlines_in_strings() -> None:
    assert extract_json_object('{"code": "a = 1\nb = 2"}') == {"code": "a = 1\nb = 2"}


@pytest.mark.parametrize("text", ["", "no json here", "[1, 2]", '{"a": 1', "```json\n{\n```"])
def test_extract_json_object_returns_none_without_an_object(text: str) -> None:
    assert extract_json_object(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "I can't help with that.",
        "I’m sorry, but I cannot assist.",
        "  As an AI, I must decline.",
        "Maaf, saya tidak bisa membantu permintaan ini.",
    ],
)
def test_looks_like_refusal_spots_refusals(text: str) -> None:
    assert looks_like_refusal(text)


@pytest.mark.parametrize("text", ["", '{"code": "..."}', "Here is a strategy that can't lose"])
def test_looks_like_refusal_ignores_other_text(text: str) -> None:
    assert not looks_like_refusal(text)
