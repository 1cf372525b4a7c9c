#!/usr/bin/env python3
"""attnbench's kernels against PyTorch's CPU SDPA: now the suite Suites/vs-pytorch.yaml.

This wrapper runs that suite with this Python as the torch provider's interpreter, so the
old way of calling it keeps working:

    .venv/bin/python scripts/compare_torch.py [attnbench run options, e.g. --quick]

and prints the report's "Implementations" table. Timing, statistics, accuracy checks and
the report are attnbench's own (see docs/providers.md); `make providers` creates .venv.
"""
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main() -> int:
    exe = os.environ.get("ATTNBENCH") or str(REPO / ".build/release/attnbench")
    if not os.access(exe, os.X_OK):
        sys.exit(f"{exe} not found: build it (swift build -c release --product attnbench) or set ATTNBENCH")
    env = dict(os.environ, ATTNBENCH_PYTHON=os.environ.get("ATTNBENCH_PYTHON", sys.executable))
    command = [exe, "run", str(REPO / "Suites/vs-pytorch.yaml"), *sys.argv[1:]]
    done = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True)
    sys.stdout.write(done.stdout)
    report = Path(done.stdout.rsplit("→", 1)[-1].strip()) if "→" in done.stdout else None
    if report and report.is_file():
        text = report.read_text()
        start = text.find("## Implementations")
        if start >= 0:
            end = text.find("\n## ", start + 1)
            print(text[start:end if end > 0 else None])
    return done.returncode


if __name__ == "__main__":
    sys.exit(main())
