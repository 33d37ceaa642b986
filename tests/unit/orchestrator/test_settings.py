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


def test_public_base_url_defaults_to_render_external_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.setenv("RENDER_EXTERNAL_URL", "https://nofomo-web.onrender.com")
    assert load_settings(_env_file=None).public_base_url == "https://nofomo-web.onrender.com"
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://nofomo.example")
    assert load_settings(_env_file=None).public_base_url == "https://nofomo.example"


def production_env(monkeypatch: pytest.MonkeyPatch, **extra: str) -> None:
    values = {
        "ENVIRONMENT": "production",
        "DATABASE_URL": "postgresql://u:p@db.example:5432/postgres",
        "REDIS_URL": "redis://cache.example:6379",
        "VAULT_KEYS": f"1:{KEY_A}",
        "TELEGRAM_BOT_TOKEN": "123456:" + "A" * 35,
        "TELEGRAM_WEBHOOK_SECRET": "s3cr3t-token_value",
        **extra,
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)


def test_production_refuses_the_exchange_emulator(monkeypatch: pytest.MonkeyPatch) -> None:
    production_env(monkeypatch, EXCHANGE_MODE="emulator")
    with pytest.raises(ConfigError) as info:
        load_settings(_env_file=None)
    message = str(info.value)
    assert "EXCHANGE_MODE=emulator is for local mode only" in message and "\n" not in message
    monkeypatch.setenv("EXCHANGE_MODE", "live")
    assert not load_settings(_env_file=None).uses_exchange_emulator


def test_a_worker_needs_no_public_url_but_web_does(monkeypatch: pytest.MonkeyPatch) -> None:
    production_env(monkeypatch)
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    monkeypatch.delenv("RENDER_EXTERNAL_URL", raising=False)
    settings = load_settings(_env_file=None)  # a worker starts
    with pytest.raises(ConfigError, match="PUBLIC_BASE_URL is required"):
        settings.require_public_base_url()  # the web process does not
    monkeypatch.setenv("RENDER_EXTERNAL_URL", "https://nofomo-web.onrender.com")
    load_settings(_env_file=None).require_public_base_url()


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [("DB_POOL_MAX", "1", "at least 2"), ("BOT_MEMORY_LIMIT_MB", "100", "at least 256")],
)
def test_sizes_are_zero_or_workable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, fragment: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as info:
        load_settings(_env_file=None)
    assert str(info.value).startswith(name) and fragment in str(info.value)
    monkeypatch.setenv(name, "0")
    assert getattr(load_settings(_env_file=None), name.lower()) == 0


def test_sizes_default_to_derived(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("WORKER_CAPACITY", "WORKER_MAX_JOBS", "BOT_MEMORY_LIMIT_MB", "DB_POOL_MAX"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(_env_file=None)
    sizes = (settings.worker_capacity, settings.worker_max_jobs, settings.bot_memory_limit_mb)
    assert sizes == (0, 0, 0) and settings.db_pool_max == 0
