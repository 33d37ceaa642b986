"""`nofomo strategy validate|generate|migrate-specs`: check, write or migrate strategies."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, TextIO

from ai_strategies.composer import NotUnderstood, compose
from ai_strategies.findings import Finding
from ai_strategies.generator import LLMClient, generate_strategy
from ai_strategies.jail import SandboxUnavailableError
from ai_strategies.marketdata import MarketData
from ai_strategies.metrics import Metrics
from ai_strategies.validate import ValidationReport, as_validator, validate_strategy
from orchestrator.core.errors import ServiceFailure, UserFacingError
from orchestrator.core.runtime import Runtime
from orchestrator.core.settings import Settings
from orchestrator.runner.exchanges import emulator_section, exchange_section
from orchestrator.strategies.spec_migration import MigrationReport, migrate_composer_versions


def register(sub: Any) -> None:
    """Add the strategy commands to the parser."""
    strategy = sub.add_parser("strategy", help="validate or generate trading strategies")
    commands = strategy.add_subparsers(dest="strategy", required=True)
    check = commands.add_parser("validate", help="run the full validator on strategy files")
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    check.add_argument("--json", action="store_true", help="one JSON object per file")
    check.add_argument("--pair", help="pair to backtest (default BTC/USDT)")
    _common(check)
    check.set_defaults(handler=cmd_validate)
    make = commands.add_parser("generate", help="write a strategy from a trading idea")
    make.add_argument("prompt")
    make.add_argument("--out", type=Path, help="write the code here instead of stdout")
    make.add_argument("--language", choices=("id", "en"), default="en")
    _common(make)
    make.set_defaults(handler=cmd_generate)
    migrate = commands.add_parser(
        "migrate-specs", help="rebuild the old composer's code versions as spec versions"
    )
    migrate.set_defaults(handler=cmd_migrate_specs)


def _common(parser: argparse.ArgumentParser) -> None:
    """Add the options both commands take."""
    parser.add_argument(
        "--days", type=int, help="days of candles to backtest (default: sized by the timeframe)"
    )
    parser.add_argument("--exchange", choices=("binance", "bybit"), default="binance")
    parser.add_argument("--live", action="store_true", help="also run look-ahead analysis")


@contextlib.asynccontextmanager
async def open_market(settings: Settings, exchange: str) -> AsyncIterator[MarketData]:
    """Yield market data from an in-process emulator (local mode) or the real exchange."""
    cache = settings.data_dir / "marketdata"
    if not settings.uses_exchange_emulator:
        yield MarketData(cache / "live", exchange_section(settings, exchange), exchange)
        return
    from emulators.exchange import ExchangeEmulator

    emulator = ExchangeEmulator(port=0)
    await emulator.start()
    try:
        section = emulator_section(emulator.url, exchange)
        yield MarketData(cache / "emulator", section, exchange)
    finally:
        await emulator.stop()


async def cmd_validate(settings: Settings, args: argparse.Namespace) -> int:
    """Validate each file; exit 0 when all pass, 1 when one fails, 2 when we could not judge."""
    passed, judged = True, True
    async with open_market(settings, args.exchange) as market:
        for path in args.paths:
            try:
                report = await _validate_file(path, market, args)
            except ServiceFailure as exc:
                print(f"nofomo: could not validate {path}: {exc}", file=sys.stderr)
                return 2
            except SandboxUnavailableError as exc:
                # Refused, not judged: every file still gets its own verdict line.
                reason = Finding("custom_code_unavailable", f"needs the sandbox: {exc.reason}")
                report = ValidationReport(ok=False, class_name=None, reasons=[reason])
                judged = False
            passed = passed and report.ok
            if args.json:
                print(json.dumps(_as_json(path, report)), flush=True)
            else:
                print_report(path.name, report, sys.stdout)
    return 0 if passed else (1 if judged else 2)


async def _validate_file(
    path: Path, market: MarketData, args: argparse.Namespace
) -> ValidationReport:
    """Validate one file, reporting an unreadable file as a failure."""
    code = _read(path)
    if isinstance(code, Finding):
        return ValidationReport(ok=False, class_name=None, reasons=[code])
    return await validate_strategy(
        code, market=market, pair=args.pair, days=args.days, live=args.live
    )


def _read(path: Path) -> str | Finding:
    """Return a file's text, or why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return Finding("unreadable", f"Cannot read {path}: {exc}")


def _as_json(path: Path, report: ValidationReport) -> dict[str, Any]:
    """Return the machine-readable verdict for one file."""

    def findings(items: list[Finding]) -> list[dict[str, str]]:
        """Return findings as JSON objects."""
        return [{"code": f.code, "message": f.message} for f in items]

    return {
        "path": str(path),
        "ok": report.ok,
        "reasons": findings(report.reasons),
        "trades": report.trades,
        "class_name": report.class_name,
        "pair": report.pair,
        "timeframe": report.timeframe,
        "flags": findings(report.flags),
        "warnings": findings(report.warnings),
        "profit_pct": report.overall.profit_pct if report.overall else None,
        "timings": report.timings,
    }


def print_report(name: str, report: ValidationReport, out: TextIO) -> None:
    """Print a verdict line, then reasons, flags and warnings one per line."""
    verdict = "PASS" if report.ok else "FAIL"
    where = f"{report.pair} {report.timeframe}" if report.pair else ""
    print(f"{verdict}  {name}  {report.class_name or '-'}  {where}".rstrip(), file=out)
    if report.overall is not None:
        print(f"      {_metrics_line(report)}", file=out)
    for label, items in (("reason", report.reasons), ("flag", report.flags)):
        for finding in items:
            print(f"      {label}: {finding.message} [{finding.code}]", file=out)
    for finding in report.warnings:
        print(f"      warning: {finding.message} [{finding.code}]", file=out)
    if report.lookahead is not None:
        print(f"      look-ahead: {report.lookahead.message}", file=out)


def _metrics_line(report: ValidationReport) -> str:
    """Summarise the metrics of a report on one line."""
    overall, inside, outside = report.overall, report.in_sample, report.out_of_sample
    assert overall is not None
    parts = [
        f"{overall.trades} trades",
        f"win {overall.win_rate:.0%}",
        f"profit {overall.profit_pct:+.2f}%",
        f"max DD {overall.max_drawdown_pct:.2f}%",
    ]
    if inside is not None and outside is not None:
        parts.append(f"IS {_pct(inside)} / OOS {_pct(outside)}")
    return ", ".join(parts)


def _pct(metrics: Metrics) -> str:
    """Format a period's profit and trade count."""
    return f"{metrics.profit_pct:+.2f}% ({metrics.trades})"


async def cmd_generate(settings: Settings, args: argparse.Namespace) -> int:
    """Write a strategy from a prompt (LLM when configured, else the composer), validated."""
    info = sys.stdout if args.out else sys.stderr
    async with open_market(settings, args.exchange) as market:
        try:
            code, explanation, report = await _generate(settings, args, market)
        except NotUnderstood as exc:
            print(exc.message, file=sys.stderr)
            return 1
        except ServiceFailure as exc:
            print(f"nofomo: our side failed: {exc}", file=sys.stderr)
            return 2
        except UserFacingError as exc:
            reasons = "; ".join(str(r) for r in exc.params.get("reasons", []))
            print(f"nofomo: {exc.key}" + (f": {reasons}" if reasons else ""), file=sys.stderr)
            return 1
    print(explanation, file=info)
    print_report(args.out.name if args.out else "<stdout>", report, info)
    if args.out:
        args.out.write_text(code, encoding="utf-8")
    else:
        sys.stdout.write(code)
    return 0 if report.ok else 1


async def _generate(
    settings: Settings, args: argparse.Namespace, market: MarketData
) -> tuple[str, str, ValidationReport]:
    """Return code, explanation and the validation report of the chosen generator."""
    options: dict[str, Any] = {"market": market, "days": args.days, "live": args.live}
    if settings.llm_api_key is None:
        composition = compose(args.prompt, args.language)
        report = await validate_strategy(
            composition.code,
            pair=composition.pair,
            timeframe=composition.timeframe,
            trusted=True,
            **options,
        )
        return composition.code, composition.explanation, report
    reports: list[ValidationReport] = []
    validate = as_validator(on_report=reports.append, trusted=True, **options)
    client = LLMClient(
        base_url=settings.llm_base_url,
        api_key=settings.llm_api_key.get_secret_value(),
        model=settings.llm_model,
    )
    async with client:
        made = await generate_strategy(args.prompt, args.language, client=client, validate=validate)
    return made.code, made.explanation, reports[-1]


async def cmd_migrate_specs(settings: Settings, args: argparse.Namespace) -> int:
    """Rebuild composer versions as specs; exit 1 when a version could not be migrated."""
    runtime = await Runtime.open(settings)
    try:
        report = await migrate_composer_versions(runtime)
    finally:
        await runtime.close()
    print_migration(report, sys.stdout)
    return 1 if report.count("failed") else 0


def print_migration(report: MigrationReport, out: TextIO) -> None:
    """Print one line per version that changed or stayed custom, then the summary."""
    for item in report.outcomes:
        if item.outcome == "migrated":
            print(
                f"migrated  {item.version_id} -> v{item.new_number} {item.new_version_id}"
                f"  ({item.bots_moved} bot(s) moved, {item.bots_kept} kept the old version)",
                file=out,
            )
        elif item.outcome != "already_migrated":
            print(f"{item.outcome:<9} {item.version_id}", file=out)
    print(report.summary(), file=out)
