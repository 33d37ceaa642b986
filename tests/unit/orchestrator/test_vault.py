"""Vault: AES-256-GCM sealing bound to owner and row, with versioned keys."""

from __future__ import annotations

import stat
from dataclasses import replace
from pathlib import Path

import pytest

from orchestrator.core.errors import ConfigError, VaultError
from orchestrator.core.settings import Settings
from orchestrator.keys.vault import Vault, exchange_key_aad, vault_from_settings

AAD = exchange_key_aad("user-a", "row-1")


def make_vault(*versions: int) -> Vault:
    return Vault({v: bytes([v]) * 32 for v in versions})


def test_round_trip() -> None:
    vault = make_vault(1)
    sealed = vault.seal(b"api-secret", AAD)
    assert sealed.version == 1 and b"api-secret" not in sealed.ciphertext
    assert vault.open(sealed, AAD) == b"api-secret"


def test_tampered_ciphertext_rejected() -> None:
    vault = make_vault(1)
    sealed = vault.seal(b"api-secret", AAD)
    flipped = bytes([sealed.ciphertext[0] ^ 1]) + sealed.ciphertext[1:]
    with pytest.raises(VaultError):
        vault.open(replace(sealed, ciphertext=flipped), AAD)


@pytest.mark.parametrize(
    "aad", [exchange_key_aad("user-b", "row-1"), exchange_key_aad("user-a", "row-2")]
)
def test_wrong_owner_or_row_rejected(aad: bytes) -> None:
    vault = make_vault(1)
    with pytest.raises(VaultError):
        vault.open(vault.seal(b"api-secret", AAD), aad)


def test_newest_key_seals_and_old_ones_still_open() -> None:
    old = make_vault(1).seal(b"legacy", AAD)
    vault = make_vault(1, 2)
    assert vault.seal(b"new", AAD).version == 2
    assert vault.open(old, AAD) == b"legacy"
    resealed = vault.reseal(old, AAD)
    assert resealed.version == 2 and vault.open(resealed, AAD) == b"legacy"


def test_unknown_version_rejected() -> None:
    sealed = make_vault(3).seal(b"x", AAD)
    with pytest.raises(VaultError, match="version 3"):
        make_vault(1).open(sealed, AAD)


def test_local_key_generated_private_and_reused(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    first = vault_from_settings(settings)
    key_file = tmp_path / "vault.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    sealed = first.seal(b"persisted", AAD)
    assert vault_from_settings(settings).open(sealed, AAD) == b"persisted"


def test_production_requires_vault_keys(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    production = settings.model_copy(update={"environment": "production"})
    with pytest.raises(ConfigError):
        vault_from_settings(production)
