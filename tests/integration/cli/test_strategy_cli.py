"""`nofomo strategy validate|generate` as an operator runs them, on the in-process emulator."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from ai_strategies.composer import compose
from ai_strategies.spec import parse_spec, read_spec
from emulators.llm import LLMEmulator, canned
from tests.support.processes import NOFOMO, clean_env, run_nofomo

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

PROMPT = "scalping BTC/USDT 5m dengan RSI dan EMA crossover"
MALICIOUS = Path(__file__).parents[2] / "fixtures" / "strategies" / "malicious" / "import_os.py"


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Settings for local mode on the emulator, without an LLM; one data dir per module."""
    data_dir = tmp_path_factory.mktemp("strategy-cli")
    return clean_env(
        DATA_DIR=str(data_dir), EXCHANGE_MODE="emulator", LLM_API_KEY="", LOG_LEVEL="WARNING"
    )


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    composition = compose(PROMPT, "id")
    path = tmp_path / f"{composition.class_name}.py"
    path.write_text(composition.code)
    return path


def test_validate_json_gives_one_verdict_per_file(cli_env: dict[str, str], good_file: Path) -> None:
    result = run_nofomo(
        "strategy", "validate", str(good_file), str(MALICIOUS), "--json", env=cli_env, timeout=240
    )
    assert result.returncode == 1, result.stderr
    good, bad = (json.loads(line) for line in result.stdout.splitlines())
    assert {"path", "ok", "reasons", "trades"} <= set(good)
    assert good["path"] == str(good_file)
    assert good["ok"] is True and good["reasons"] == [] and good["trades"] > 0
    assert bad["path"] == str(MALICIOUS)
    assert bad["ok"] is False and bad["trades"] == 0
    assert bad["reasons"][0]["code"] == "forbidden_import"
    assert all(set(reason) == {"code", "message"} for reason in bad["reasons"])
    assert "Traceback" not in result.stderr


def test_validate_passes_a_good_file(cli_env: dict[str, str], good_file: Path) -> None:
    result = run_nofomo("strategy", "validate", str(good_file), env=cli_env, timeout=240)
    assert result.returncode == 0, result.stdout + result.stderr
    first, second = result.stdout.splitlines()[:2]
    assert first.startswith(f"PASS  {good_file.name}  BtcEmaCrossRsi5m  BTC/USDT 5m")
    assert "trades" in second and "IS " in second and "OOS " in second


def test_generate_writes_a_strategy_that_validates(cli_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "generated.py"
    made = run_nofomo(
        "strategy", "generate", PROMPT, "--out", str(out), "--language", "id",
        env=cli_env, timeout=240,
    )  # fmt: skip
    assert made.returncode == 0, made.stdout + made.stderr
    assert "class BtcEmaCrossRsi5m(IStrategy):" in out.read_text()
    assert compose(PROMPT, "id").explanation.splitlines()[0] in made.stdout
    assert "PASS  generated.py" in made.stdout
    checked = run_nofomo("strategy", "validate", str(out), "--json", env=cli_env, timeout=240)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert json.loads(checked.stdout)["ok"] is True


async def run_nofomo_async(*args: str, env: dict[str, str], timeout: float) -> tuple[int, str]:
    """Run nofomo without blocking the loop that serves the emulators; return (code, output)."""
    process = await asyncio.create_subprocess_exec(
        *NOFOMO, *args, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), timeout)
    assert process.returncode is not None
    return process.returncode, output.decode()


async def test_generate_with_llm_repairs_until_valid(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "llm.py"
    async with LLMEmulator() as llm:
        llm.script([canned.MALICIOUS_STRATEGY, canned.GOOD_SPEC_REPLY])
        env = {
            **cli_env,
            "LLM_API_KEY": "sk-emulator-key",
            "LLM_BASE_URL": llm.base_url,
            "LLM_MODEL": "emulator/strategy-writer",
        }
        code, output = await run_nofomo_async(
            "strategy", "generate", "RSI dip buyer", "--out", str(out), env=env, timeout=240
        )
    assert code == 0, output
    assert read_spec(out.read_text()) == parse_spec(canned.GOOD_SPEC)
    assert "PASS  llm.py  BtcRsi5m  BTC/USDT 5m" in output
    assert len(llm.requests) == 2
    assert "do not write code" in json.dumps(llm.requests[1])
