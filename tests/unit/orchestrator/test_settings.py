"""Settings: parsing, production guards and one-line errors."""

from __future__ import annotations

import base64

import pytest

from orchestrator.core.errors import ConfigError
from orchestrator.core.settings import Environment, load_settings, parse_vault_keys

KEY_A = base64.b64encode(b"a" * 32).decode()
KEY_B = base64.b64encode(b"b" * 32).decode()


def test_parse_vault_keys_versions() -> None:
    keys = parse_vault_keys(f"1:{KEY_A}, 2:{KEY_B}")
    assert keys == {1: b"a" * 32, 2: b"b" * 32}


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("nonsense", "must look like"),
        ("1:not-base64!!", "not valid base64"),
        (f"1:{base64.b64encode(b'short').decode()}", "32"),
        (" , ", "empty"),
    ],
)
def test_parse_vault_keys_rejects(raw: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        parse_vault_keys(raw)


def test_malformed_vault_keys_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VAULT_KEYS", "1:abc")
    with pytest.raises(ConfigError) as info:
        load_settings(_env_file=None)
    assert "VAULT_KEYS" in str(info.value)
    assert "\n" not in str(info.value)


def test_production_refuses_placeholders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "change-me")
    with pytest.raises(ConfigError) as info:
        load_settings(_env_file=None)
    message = str(info.value)
    assert "TELEGRAM_BOT_TOKEN" in message and "DATABASE_URL" in message


def test_production_accepts_real_values(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {
        "ENVIRONMENT": "production",
        "DATABASE_URL": "postgresql://u:p@db.example:5432/postgres",
        "REDIS_URL": "redis://cache.example:6379",
        "VAULT_KEYS": f"1:{KEY_A}",
        "TELEGRAM_BOT_TOKEN": "123456:" + "A" * 35,
        "TELEGRAM_WEBHOOK_SECRET": "s3cr3t-token_value",
        "PUBLIC_BASE_URL": "https://nofomo.example",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    settings = load_settings(_env_file=None)
    assert settings.environment is Environment.PRODUCTION
    assert not settings.is_local
    assert "A" * 35 not in repr(settings)


def test_local_is_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ENVIRONMENT", raising=False)
    assert load_settings(_env_file=None).is_local


def test_blank_values_mean_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "")
    monkeypatch.setenv("LLM_API_KEY", "  ")
    settings = load_settings(_env_file=None)
    assert settings.database_url is None and settings.llm_api_key is None


def test_webhook_base_url_accepts_render_hostport(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INTERNAL_BASE_URL", "nofomo-web:10000")
    assert load_settings(_env_file=None).webhook_base_url == "http://nofomo-web:10000"
    monkeypatch.setenv("INTERNAL_BASE_URL", "https://example.org/")
    assert load_settings(_env_file=None).webhook_base_url == "https://example.org"
    monkeypatch.delenv("INTERNAL_BASE_URL")
    monkeypatch.setenv("PORT", "9000")
    assert load_settings(_env_file=None).webhook_base_url == "http://127.0.0.1:9000"
