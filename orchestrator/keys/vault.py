"""Encrypt exchange credentials with AES-256-GCM under a versioned key list."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from orchestrator.core.errors import ConfigError, VaultError
from orchestrator.core.settings import Settings, parse_vault_keys

log = logging.getLogger(__name__)

LOCAL_KEY_FILE = "vault.key"
# What a key's fingerprint is computed over (orchestrator/keys/fingerprint.py).
FINGERPRINT_LABEL = b"nofomo/vault-key-fingerprint/v1"


@dataclass(frozen=True)
class Sealed:
    """A ciphertext with the key version and nonce needed to open it."""

    version: int
    nonce: bytes
    ciphertext: bytes


class Vault:
    """Seal and open secrets; the newest key seals, every listed key opens."""

    def __init__(self, keys: dict[int, bytes]) -> None:
        if not keys:
            raise ConfigError("the vault needs at least one key")
        self._keys = {version: AESGCM(key) for version, key in keys.items()}
        self.current_version = max(keys)
        self._fingerprints = {
            version: hmac.new(key, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()
            for version, key in keys.items()
        }

    def __repr__(self) -> str:
        return f"Vault(versions={sorted(self._keys)})"

    def fingerprints(self) -> dict[int, str]:
        """Return {version: HMAC-SHA256(key, a fixed label)}: names each key, reveals none."""
        return dict(self._fingerprints)

    def seal(self, plaintext: bytes, associated_data: bytes) -> Sealed:
        """Encrypt with the newest key, binding the ciphertext to `associated_data`."""
        nonce = os.urandom(12)
        aead = self._keys[self.current_version]
        return Sealed(self.current_version, nonce, aead.encrypt(nonce, plaintext, associated_data))

    def open(self, sealed: Sealed, associated_data: bytes) -> bytes:
        """Decrypt, refusing tampered data, foreign rows and unknown key versions."""
        aead = self._keys.get(sealed.version)
        if aead is None:
            raise VaultError(f"vault key version {sealed.version} is not configured")
        try:
            return aead.decrypt(sealed.nonce, sealed.ciphertext, associated_data)
        except InvalidTag:
            raise VaultError("ciphertext failed authentication") from None

    def reseal(self, sealed: Sealed, associated_data: bytes) -> Sealed:
        """Re-encrypt under the newest key (a no-op copy if already current)."""
        if sealed.version == self.current_version:
            return sealed
        return self.seal(self.open(sealed, associated_data), associated_data)


def exchange_key_aad(user_id: object, row_id: object) -> bytes:
    """Bind a credential ciphertext to its owner and row."""
    return f"nofomo/exchange_keys/v1/{user_id}/{row_id}".encode()


def generate_key_entry(version: int = 1) -> str:
    """Return a fresh `version:base64` entry for VAULT_KEYS."""
    return f"{version}:{base64.b64encode(secrets.token_bytes(32)).decode()}"


def vault_from_settings(settings: Settings) -> Vault:
    """Build the vault from VAULT_KEYS, or from a generated local key in local mode."""
    if settings.vault_keys is not None and settings.vault_keys.get_secret_value().strip():
        return Vault(parse_vault_keys(settings.vault_keys.get_secret_value()))
    if not settings.is_local:
        raise ConfigError("VAULT_KEYS is required outside local mode")
    return Vault(parse_vault_keys(_local_key(settings.data_dir)))


def _local_key(data_dir: Path) -> str:
    path = data_dir / LOCAL_KEY_FILE
    if path.exists():
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    entry = generate_key_entry()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(entry + "\n")
    log.warning(
        "\n" + "!" * 72 + "\n"
        "LOCAL VAULT KEY GENERATED at %s (mode 0600).\n"
        "This is for local development only. Production MUST set its own VAULT_KEYS;\n"
        "generate one with: nofomo vault new-key\n" + "!" * 72,
        path,
    )
    return entry
