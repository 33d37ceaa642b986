"""render.yaml: shared secrets typed once, graceful shutdowns, sizing that matches the plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from orchestrator.core.settings import Settings
from orchestrator.core.sizing import (
    DB_POOL_DEFAULTS,
    SESSION_POOLER_CLIENTS,
    Machine,
    worker_sizing,
)

BLUEPRINT = Path(__file__).resolve().parents[2] / "render.yaml"
# Render's instance types (memory in MiB, CPUs) that the worker may be sized for.
PLANS = {"starter": (512, 0.5), "standard": (2048, 1), "pro": (4096, 2), "pro plus": (8192, 4)}
SHARED = {"VAULT_KEYS", "DATABASE_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_WEBHOOK_SECRET"}
# The worker stops its bots in parallel: /count 3 s, /stop 3 s, SIGTERM 10 s, SIGKILL 5 s.
BOT_STOP_S = 21


@pytest.fixture(scope="module")
def blueprint() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(BLUEPRINT.read_text())
    return data


def settings_of(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type,call-arg]


def service(blueprint: dict[str, Any], name: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [s for s in blueprint["services"] if s["name"] == name]
    assert len(found) == 1, name
    return found[0]


def env(entry: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["key"]: e for e in entry["envVars"] if "key" in e}


def group(blueprint: dict[str, Any], name: str) -> dict[str, dict[str, Any]]:
    (found,) = [g for g in blueprint["envVarGroups"] if g["name"] == name]
    return env(found)


def test_services_and_the_key_value_store(blueprint: dict[str, Any]) -> None:
    kinds = {s["name"]: s["type"] for s in blueprint["services"]}
    assert kinds == {"nofomo-web": "web", "nofomo-worker": "worker", "nofomo-redis": "keyvalue"}
    web = service(blueprint, "nofomo-web")
    assert web["healthCheckPath"] == "/healthz"
    assert web["preDeployCommand"] == "nofomo db migrate"
    redis = service(blueprint, "nofomo-redis")
    assert redis["ipAllowList"] == [] and redis["maxmemoryPolicy"] == "noeviction"


def test_shared_secrets_come_from_one_group(blueprint: dict[str, Any]) -> None:
    shared = group(blueprint, "nofomo-shared")
    assert shared.keys() >= SHARED
    assert all(shared[k].get("sync") is False for k in SHARED)  # typed once, in the dashboard
    assert shared["ENVIRONMENT"]["value"] == "production"
    # A group holds values and prompts only; links to other services stay per service.
    assert not any("fromService" in e or "fromDatabase" in e for e in shared.values())
    for name in ("nofomo-web", "nofomo-worker"):
        entry = service(blueprint, name)
        assert {"fromGroup": "nofomo-shared"} in entry["envVars"]
        assert not SHARED & env(entry).keys(), f"{name} types a shared secret again"
        assert env(entry)["REDIS_URL"]["fromService"]["name"] == "nofomo-redis"


def test_web_takes_its_public_url_from_render(blueprint: dict[str, Any]) -> None:
    everywhere = [group(blueprint, "nofomo-shared"), env(service(blueprint, "nofomo-web"))]
    assert not any("PUBLIC_BASE_URL" in entries for entries in everywhere)
    settings = settings_of(render_external_url="https://nofomo-web.onrender.com")
    assert settings.public_base_url == "https://nofomo-web.onrender.com"


def test_graceful_shutdown_delays(blueprint: dict[str, Any]) -> None:
    worker = service(blueprint, "nofomo-worker")
    web = service(blueprint, "nofomo-web")
    assert BOT_STOP_S * 2 <= worker["maxShutdownDelaySeconds"] <= 300
    assert 30 <= web["maxShutdownDelaySeconds"] <= 300


def test_worker_sizing_matches_its_plan(blueprint: dict[str, Any]) -> None:
    worker = service(blueprint, "nofomo-worker")
    values = {k: e["value"] for k, e in env(worker).items() if "value" in e}
    sized = worker_sizing(settings_of(), Machine(*PLANS[worker["plan"]]), sandbox=False)
    assert int(values["WORKER_CAPACITY"]) == sized.capacity
    assert int(values["WORKER_MAX_JOBS"]) == sized.max_jobs
    assert int(values["BOT_MEMORY_LIMIT_MB"]) == sized.bot_memory_limit_mb
    header = BLUEPRINT.read_text().split("services:")[0]
    assert f"nofomo-worker  {worker['plan']}" in header
    assert f"{sized.capacity} spec bots" in header


def test_connection_budget_fits_the_session_pooler(blueprint: dict[str, Any]) -> None:
    web = int(env(service(blueprint, "nofomo-web"))["DB_POOL_MAX"]["value"])
    worker = int(env(service(blueprint, "nofomo-worker"))["DB_POOL_MAX"]["value"])
    assert (web, worker) == (DB_POOL_DEFAULTS["web"], DB_POOL_DEFAULTS["worker"])
    # During a deploy one service runs an old and a new instance side by side.
    assert web + worker + max(web, worker) <= SESSION_POOLER_CLIENTS
