"""Vault key fingerprints: they name keys without revealing them, and compare by version."""

from __future__ import annotations

import base64

from orchestrator.keys.fingerprint import compare
from orchestrator.keys.vault import Vault

KEY_A, KEY_B, KEY_C = b"a" * 32, b"b" * 32, b"c" * 32


def test_fingerprints_name_each_key_without_revealing_it() -> None:
    prints = Vault({1: KEY_A, 2: KEY_B}).fingerprints()
    assert prints == Vault({1: KEY_A, 2: KEY_B}).fingerprints()  # stable across processes
    assert prints[1] != prints[2] and prints[1] != Vault({1: KEY_C}).fingerprints()[1]
    for value in prints.values():
        assert len(value) == 64 and int(value, 16) >= 0
        assert KEY_A.hex() not in value and base64.b64encode(KEY_A).decode() not in value


def test_same_keys_and_a_rotation_are_accepted() -> None:
    recorded = Vault({1: KEY_A}).fingerprints()
    assert compare(recorded, recorded).ok
    rotated = compare(recorded, Vault({1: KEY_A, 2: KEY_B}).fingerprints())
    assert rotated.ok and rotated.new == (2,)


def test_a_different_or_missing_key_is_refused_by_version() -> None:
    recorded = Vault({1: KEY_A, 2: KEY_B}).fingerprints()
    result = compare(recorded, Vault({1: KEY_C, 3: KEY_B}).fingerprints())
    assert not result.ok
    assert (result.differ, result.missing, result.new) == ((1,), (2,), (3,))
    line = result.refusal()
    assert "\n" not in line
    assert "version(s) 1 differ" in line and "version(s) 2 are recorded but missing" in line
    assert all(p not in line for p in recorded.values())
