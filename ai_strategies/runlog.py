"""Turn a failed confined Freqtrade run into one clear line with a stable code."""

from __future__ import annotations

import re
import signal

from ai_strategies.findings import Finding as Failure
from ai_strategies.jail import JailRun

__all__ = ["STRATEGY_ERROR", "Failure", "failure_of", "strategy_errors"]

# (code, pattern, message template); the first pattern found in the log wins.
_PATTERNS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("memory_limit", re.compile(r"\bMemoryError\b|Unable to allocate"), ""),
    ("abstract_class", re.compile(r"Can't instantiate abstract class[^\n]*"), "{0}"),
    ("syntax_error", re.compile(r"(?:Syntax|Indentation)Error[^\n]*|invalid syntax[^\n]*"), "{0}"),
    ("spot_short", re.compile(r"Short strategies cannot run in spot markets"), ""),
    ("import_error", re.compile(r"(?:ModuleNotFound|Import)Error: [^\n]*"), "{0}"),
    ("missing_method", re.compile(r"`\w+` or `\w+` must be implemented\.?"), "{0}"),
    ("no_data", re.compile(r"No data found\. Terminating\.|No data found for[^\n]*"), "{0}"),
    ("import_failed", re.compile(r"Could not import \S+ due to '(.{1,300})'"), "{1}"),
    ("strategy_not_loaded", re.compile(r"Impossible to load Strategy[^\n]*"), "{0}"),
)
# An exception Freqtrade caught around a strategy callback: (repr, where).
_CALLBACK_ERRORS = (
    re.compile(r"Unexpected error (.{1,300}?) calling (?:<bound method |<function )?([\w.]+)"),
    re.compile(r"Strategy caused the following exception: (.{1,300}?) in \S+, calling (\w+)"),
)
STRATEGY_ERROR = re.compile("|".join(p.pattern for p in _CALLBACK_ERRORS))
_CONFIG_ERROR = re.compile(r"Configuration error: ([^\n]*)")
_ERROR_LINE = re.compile(r" - (?:ERROR|CRITICAL) - (.+)")
_TRACEBACK = "Traceback (most recent call last):"
_STRATEGY_FRAME = re.compile(r'File "[^"\n]*/strategies/\w+\.py", line (\d+), in (\w+)')


def failure_of(run: JailRun) -> Failure | None:
    """Return why a run failed, or None when it exited cleanly."""
    if run.stopped_early:
        return strategy_errors(run.log) or Failure("strategy_error", "The strategy raised an error")
    limit = _limit_failure(run)
    if limit is not None:
        return limit
    refused = _configuration_error(run.log)
    if refused is not None:
        return refused
    found = _logged_failure(run.log, run)
    if found is not None:
        return found
    if run.returncode != 0 and (raised := _traceback_failure(run.log)) is not None:
        return raised
    if run.returncode != 0:
        return Failure("freqtrade_error", _last_error(run.log) or f"exit code {run.returncode}")
    return None


def strategy_errors(log: str) -> Failure | None:
    """Return the first exception Freqtrade caught around a strategy callback."""
    found = [m for pattern in _CALLBACK_ERRORS if (m := pattern.search(log))]
    if not found:
        return None
    first = min(found, key=lambda match: match.start())
    error, where = first[1].strip(), first[2].rsplit(".", 1)[-1]
    return Failure("strategy_error", f"The strategy raised {error} in {where}")


def _limit_failure(run: JailRun) -> Failure | None:
    """Explain runs stopped by the timeout or a resource limit."""
    if run.disk_exceeded:
        return Failure("disk_limit", f"disk limit exceeded ({run.limits.disk_mb} MiB written)")
    if run.timed_out:
        text = f"timed out after {run.timeout:g} s (possible infinite loop)"
        return Failure("timeout", text)
    killed = run.killed_by
    if killed == signal.SIGXCPU:
        return Failure("cpu_limit", f"CPU time limit exceeded ({run.limits.cpu_seconds} s)")
    if killed == signal.SIGXFSZ:
        text = f"output limit exceeded ({run.limits.file_size_mb} MiB of log)"
        return Failure("output_limit", text)
    if killed in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT):
        return Failure("crashed", f"Freqtrade was killed by {killed.name}")
    return None


def _configuration_error(log: str) -> Failure | None:
    """Find Freqtrade refusing the strategy's settings (it may still exit with code 0)."""
    match = _CONFIG_ERROR.search(log)
    if match is None:
        return None
    detail = match[1][:200]
    return Failure("invalid_setting", f"Freqtrade refused the strategy's settings: {detail}")


def _logged_failure(log: str, run: JailRun) -> Failure | None:
    """Find the first known failure pattern in a failed run's log."""
    if run.returncode == 0:
        return None
    for code, pattern, template in _PATTERNS:
        match = pattern.search(log)
        if match is None:
            continue
        if code == "memory_limit":
            return Failure(code, f"memory limit exceeded ({run.limits.memory_mb} MiB)")
        if code == "spot_short":
            return Failure(code, "Short strategies cannot run on spot markets (can_short=True)")
        return Failure(code, template.format(match[0].strip(), *match.groups()))
    return None


def _traceback_failure(log: str) -> Failure | None:
    """Explain the last traceback: its exception, and where in the strategy it was raised."""
    start = log.rfind(_TRACEBACK)
    if start < 0:
        return None
    block = log[start:]
    lines = block.splitlines()[1:]
    raised = next((line.strip() for line in lines if line and not line[0].isspace()), None)
    if raised is None:
        return None
    frames = _STRATEGY_FRAME.findall(block)
    if not frames:
        return Failure("freqtrade_error", raised[:300])
    line, function = frames[-1]
    return Failure("strategy_exception", f"{raised[:300]} in {function} (line {line})")


def _last_error(log: str) -> str | None:
    """Return the last ERROR line, without its timestamp and logger name."""
    errors = _ERROR_LINE.findall(log)
    return errors[-1].strip() if errors else None
