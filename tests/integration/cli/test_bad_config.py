"""Bad configuration stops with one clear line and a non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

from tests.support.processes import clean_env, run_nofomo


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.strip()]


def test_malformed_vault_keys(tmp_path: Path) -> None:
    env = clean_env(DATA_DIR=str(tmp_path), VAULT_KEYS="1:not-a-key", LOG_LEVEL="ERROR")
    result = run_nofomo("up", env=env)
    assert result.returncode == 2
    lines = error_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("nofomo: error: VAULT_KEYS")


def test_unreachable_database(tmp_path: Path) -> None:
    url = "postgresql://nofomo:hunter2-password@127.0.0.1:9/nofomo"
    env = clean_env(
        DATA_DIR=str(tmp_path), DATABASE_URL=url, LOG_LEVEL="ERROR", REDIS_URL="redis://127.0.0.1:9"
    )
    result = run_nofomo("up", env=env)
    assert result.returncode == 2
    lines = error_lines(result.stderr)
    assert len(lines) == 1, result.stderr
    assert "cannot reach DATABASE_URL (127.0.0.1:9/nofomo)" in lines[0]
    assert "hunter2" not in result.stderr and "Traceback" not in result.stderr


def test_production_with_placeholders(tmp_path: Path) -> None:
    env = clean_env(
        DATA_DIR=str(tmp_path), ENVIRONMENT="production", TELEGRAM_BOT_TOKEN="change-me"
    )
    result = run_nofomo("up", env=env)
    assert result.returncode == 2
    assert "production needs real values for" in result.stderr
    assert "Traceback" not in result.stderr


def test_migrate_twice_via_cli(tmp_path: Path, database_url: str) -> None:
    env = clean_env(DATA_DIR=str(tmp_path), DATABASE_URL=database_url)
    first = run_nofomo("db", "migrate", env=env)
    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "applied 0 migration(s)"


def test_doctor_reports_each_check(tmp_path: Path, database_url: str, redis_url: str) -> None:
    env = clean_env(DATA_DIR=str(tmp_path), DATABASE_URL=database_url, REDIS_URL=redis_url)
    result = run_nofomo("doctor", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    for name in ("environment", "vault", "freqtrade", "database", "bot databases", "redis"):
        assert f"[ok  ] {name}:" in result.stdout


def test_doctor_explains_unreachable_redis(tmp_path: Path, database_url: str) -> None:
    env = clean_env(
        DATA_DIR=str(tmp_path), DATABASE_URL=database_url, REDIS_URL="redis://127.0.0.1:9"
    )
    result = run_nofomo("doctor", env=env)
    assert result.returncode == 1
    assert "[FAIL] redis:" in result.stdout and "fix: check REDIS_URL" in result.stdout


def test_unreachable_redis_on_up(tmp_path: Path, database_url: str) -> None:
    env = clean_env(
        DATA_DIR=str(tmp_path),
        DATABASE_URL=database_url,
        LOG_LEVEL="ERROR",
        REDIS_URL="redis://127.0.0.1:9",
    )
    result = run_nofomo("up", env=env)
    assert result.returncode == 2
    lines = error_lines(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("nofomo: error: cannot reach REDIS_URL")
