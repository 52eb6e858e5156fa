"""Run the benchmarks: `python -m tests.benchmarks [name ...] [--option ...]` (all of them by
default); options from the first `--` on go to each benchmark named, e.g.
`python -m tests.benchmarks soak --duration 60`.

Each `tests/benchmarks/bench_<name>.py` is a script with a `main()`; it runs in its own
process so that one benchmark's database and caches do not colour another's."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    available = sorted(path.stem.removeprefix("bench_") for path in HERE.glob("bench_*.py"))
    first_option = next((i for i, arg in enumerate(argv) if arg.startswith("-")), len(argv))
    argv, options = argv[:first_option], argv[first_option:]
    wanted = argv or available
    unknown = [name for name in wanted if name not in available]
    if unknown:
        print(f"Unknown benchmark(s) {', '.join(unknown)}; available: {', '.join(available)}")
        return 2
    failures = 0
    for name in wanted:
        print(f"\n##### benchmark: {name}", flush=True)
        module = f"tests.benchmarks.bench_{name}"
        command = [sys.executable, "-m", module, *options]
        failures += subprocess.call(command, cwd=HERE.parent.parent) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
