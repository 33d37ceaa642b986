"""Build the one settings object from the environment and an optional `.env`."""

from __future__ import annotations

import base64
import binascii
from enum import StrEnum
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from orchestrator.core.errors import ConfigError

# The offline Telegram emulator accepts any well-formed token; this one is never a real bot's.
LOCAL_TELEGRAM_TOKEN = "100001:NOFOMO-LOCAL-EMULATOR-TOKEN-0000000000"  # noqa: S105 (not a secret)

# Values that betray a copied example file; production refuses to start with them.
_PLACEHOLDERS = {"", "change-me", "changeme", "placeholder", "xxx", "todo", "secret"}


class Environment(StrEnum):
    """Where NoFOMO runs: local mode may embed services and generate secrets."""

    LOCAL = "local"
    PRODUCTION = "production"


class Settings(BaseSettings):
    """Every knob NoFOMO reads, with secrets kept as `SecretStr`."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Environment = Environment.LOCAL
    data_dir: Path = Path(".nofomo")
    port: int = 8080
    host: str = "127.0.0.1"
    log_level: str = "INFO"

    database_url: SecretStr | None = None
    # Connections this process may hold, the alert LISTEN included; 0 = its role's default
    # (web 4, worker 5, `up` 10). README, "Connection budget".
    db_pool_max: int = Field(default=0, ge=0)
    # Where bots keep their Freqtrade state: a direct connection (Supabase's direct host with
    # the IPv4 add-on, or a dedicated Postgres). Empty: DATABASE_URL. A Supavisor URL works in
    # session mode, with the bot's user written `role.<project_ref>`.
    bot_database_url: SecretStr | None = None
    redis_url: SecretStr | None = None
    # Comma-separated `version:base64(32 bytes)` entries; the highest version encrypts.
    vault_keys: SecretStr | None = None

    telegram_bot_token: SecretStr | None = None
    telegram_webhook_secret: SecretStr | None = None
    public_base_url: str = ""
    # Render sets it on web services; PUBLIC_BASE_URL defaults to it.
    render_external_url: str = ""

    llm_base_url: str = "https://openrouter.ai/api/v1"
    llm_api_key: SecretStr | None = None
    llm_model: str = "openai/gpt-4o-mini"
    # Per request; the SDK retries once, so one call waits at most twice this long.
    llm_timeout_s: float = Field(default=90.0, gt=0)

    tripay_base_url: str = "https://tripay.co.id/api-sandbox/"
    tripay_api_key: SecretStr | None = None
    tripay_private_key: SecretStr | None = None
    tripay_merchant_code: str = ""
    # Local mode without TRIPAY_API_KEY: `nofomo up` serves the Tripay emulator on this port.
    tripay_emulator_port: int = 8083
    # The emulator's pause between callback tries (Tripay's own: 2 minutes).
    tripay_emulator_callback_interval_s: float = Field(default=120.0, gt=0)

    # Artifacts (charts, strategy files, reports) go to this private Supabase Storage bucket
    # when both are set; otherwise they stay in Postgres (bytea). See orchestrator/artifacts.
    supabase_url: str = ""
    supabase_service_key: SecretStr | None = None
    supabase_bucket: str = "artifacts"
    # Hand Telegram a short-lived signed URL instead of the chart's bytes (it must reach Storage).
    supabase_photo_urls: bool = False

    # A Bot API server to use instead of api.telegram.org or the built-in emulator: a
    # self-hosted one, or `python -m emulators.telegram` run on its own (chats outlive restarts).
    telegram_api_base_url: str = ""
    telegram_emulator_port: int = 8081
    exchange_emulator_port: int = 8082
    # Empty = the local emulator in local mode, the real exchange in production.
    exchange_emulator_url: str = ""
    exchange_mode: Literal["", "emulator", "live"] = ""

    # 0 = derived from the machine's memory and CPUs at worker start (orchestrator/core/sizing).
    worker_capacity: int = Field(default=0, ge=0)
    worker_max_jobs: int = Field(default=0, ge=0)
    worker_name: str = ""
    # "zygote" forks bots from a pre-imported server; "subprocess" starts each from scratch.
    bot_launcher: Literal["zygote", "subprocess"] = "zygote"
    bot_memory_limit_mb: int = Field(default=0, ge=0)
    bot_cpu_limit_s: int = Field(default=12 * 3600, ge=60)
    bot_ping_timeout_s: float = 10.0
    bot_open_files: int = Field(default=1024, ge=64)
    # Custom-code bots run in the bubblewrap sandbox: they import Freqtrade from scratch
    # (no zygote), so they get longer to answer their first /ping.
    sandbox_bot_ping_timeout_s: float = Field(default=60.0, gt=0)
    # RLIMIT_NPROC for a sandboxed bot's uid (threads count too).
    sandbox_bot_max_processes: int = Field(default=128, ge=16)
    # A sandboxed bot's directory may hold this much (and this many entries) before the
    # bot is stopped; one file at most file_size_mb. Freqtrade's own log rotates at 10 MiB.
    sandbox_bot_file_size_mb: int = Field(default=128, ge=16)
    sandbox_bot_disk_mb: int = Field(default=512, ge=64)
    sandbox_bot_max_entries: int = Field(default=10_000, ge=100)
    lease_ttl_ms: int = Field(default=8000, ge=2000)
    # Where bots post webhooks; empty = this machine's web app (http://127.0.0.1:PORT).
    internal_base_url: str = ""

    @field_validator(
        "database_url",
        "bot_database_url",
        "redis_url",
        "vault_keys",
        "telegram_bot_token",
        "telegram_webhook_secret",
        "llm_api_key",
        "tripay_api_key",
        "tripay_private_key",
        "supabase_service_key",
        mode="before",
    )
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        # A copied .env.example leaves `NAME=`; that means "not configured", not "empty secret".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("data_dir")
    @classmethod
    def _absolute_data_dir(cls, value: Path) -> Path:
        # Resolved once, here: subprocesses (Freqtrade, the jail) run in other directories,
        # so a relative path handed to one of them would point somewhere else.
        return value.expanduser().resolve()

    @field_validator("vault_keys")
    @classmethod
    def _check_vault_keys(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value().strip():
            parse_vault_keys(value.get_secret_value())
        return value

    @field_validator("db_pool_max", "bot_memory_limit_mb")
    @classmethod
    def _zero_or_enough(cls, value: int, info: ValidationInfo) -> int:
        # 0 means "size it for me"; below the floor the process cannot work at all.
        floor = _FLOORS[info.field_name or ""]
        if 0 < value < floor:
            raise ValueError(f"must be 0 (the default) or at least {floor}")
        return value

    @model_validator(mode="after")
    def _refuse_placeholders(self) -> Settings:
        if not self.public_base_url.strip() and self.render_external_url:
            self.public_base_url = self.render_external_url
        if self.environment is Environment.PRODUCTION:
            missing = [name for name in _REQUIRED_IN_PRODUCTION if _is_placeholder(self, name)]
            if missing:
                names = ", ".join(name.upper() for name in missing)
                raise ValueError(f"production needs real values for: {names}")
            if self.exchange_mode == "emulator":
                raise ValueError(
                    "EXCHANGE_MODE=emulator is for local mode only: in production bots would"
                    " trade against 127.0.0.1; unset it or set EXCHANGE_MODE=live"
                )
        return self

    def require_public_base_url(self) -> None:
        """Refuse a production web process that cannot tell Telegram where its webhook is."""
        if not self.is_local and _is_placeholder(self, "public_base_url"):
            raise ConfigError(
                "PUBLIC_BASE_URL is required for the Telegram webhook in production"
                " (on Render it defaults to RENDER_EXTERNAL_URL)"
            )

    @property
    def is_local(self) -> bool:
        """Tell whether embedded services and generated secrets are allowed."""
        return self.environment is Environment.LOCAL

    @property
    def uses_exchange_emulator(self) -> bool:
        """Tell whether bots and key checks talk to the local exchange emulator."""
        if self.exchange_mode:
            return self.exchange_mode == "emulator"
        return self.is_local

    @property
    def exchange_emulator_base(self) -> str:
        """Return the exchange emulator's base URL."""
        return self.exchange_emulator_url or f"http://127.0.0.1:{self.exchange_emulator_port}"

    @property
    def bot_token(self) -> str | None:
        """Return the bot's token: TELEGRAM_BOT_TOKEN, the emulator's in local mode, else None."""
        if self.telegram_bot_token is not None:
            return self.telegram_bot_token.get_secret_value()
        # The emulator (embedded, or on its own at TELEGRAM_API_BASE_URL) takes any token.
        emulated = self.is_local or bool(self.telegram_api_base_url.strip())
        return LOCAL_TELEGRAM_TOKEN if emulated else None

    @property
    def public_url(self) -> str:
        """Return where users' browsers and Tripay reach the web app (no trailing slash)."""
        return (self.public_base_url.strip() or self.webhook_base_url).rstrip("/")

    @property
    def webhook_base_url(self) -> str:
        """Return the base URL bots use to reach our web app."""
        base = self.internal_base_url or f"http://127.0.0.1:{self.port}"
        # Render's `fromService ... property: hostport` gives "host:port" without a scheme.
        if "://" not in base:
            base = f"http://{base}"
        return base.rstrip("/")


# DB_POOL_MAX: one connection is held for LISTEN, so a pool of one would starve the rest.
_FLOORS = {"db_pool_max": 2, "bot_memory_limit_mb": 256}

_REQUIRED_IN_PRODUCTION = (
    "database_url",
    "redis_url",
    "vault_keys",
    "telegram_bot_token",
    "telegram_webhook_secret",
)


def _is_placeholder(settings: Settings, name: str) -> bool:
    value = getattr(settings, name)
    if isinstance(value, SecretStr):
        value = value.get_secret_value()
    return value is None or str(value).strip().lower() in _PLACEHOLDERS


def parse_vault_keys(raw: str) -> dict[int, bytes]:
    """Parse `VAULT_KEYS` into {version: 32-byte key}, naming the first bad entry."""
    keys: dict[int, bytes] = {}
    for position, entry in enumerate(filter(None, (e.strip() for e in raw.split(","))), 1):
        version_text, sep, encoded = entry.partition(":")
        if not sep or not version_text.isdigit():
            raise ConfigError(
                f"VAULT_KEYS entry {position} must look like '1:<base64 of 32 bytes>'"
            )
        try:
            key = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise ConfigError(f"VAULT_KEYS entry {position} is not valid base64") from None
        if len(key) != 32:
            raise ConfigError(
                f"VAULT_KEYS entry {position} decodes to {len(key)} bytes; AES-256 needs 32"
            )
        keys[int(version_text)] = key
    if not keys:
        raise ConfigError("VAULT_KEYS is empty")
    return keys


def load_settings(**overrides: object) -> Settings:
    """Read settings once at an entry point, turning validation errors into one clear line."""
    from pydantic import ValidationError

    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]).upper() or "configuration"
        message = str(first.get("ctx", {}).get("error") or first["msg"])
        raise ConfigError(f"{field}: {message}") from None
