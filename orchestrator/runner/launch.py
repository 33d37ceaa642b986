"""Plain-subprocess mode: `python -m orchestrator.runner.launch` reads a LaunchSpec on stdin."""

from __future__ import annotations

import json
import sys

from orchestrator.runner.sandbox import LaunchSpec, become_bot, run_freqtrade


def main() -> None:
    """Confine this process per the spec on stdin, then become Freqtrade."""
    request = json.loads(sys.stdin.read())
    spec = LaunchSpec.from_json(request["spec"])
    become_bot(spec, int(request["parent"]))
    sys.exit(run_freqtrade(spec))


if __name__ == "__main__":
    main()
