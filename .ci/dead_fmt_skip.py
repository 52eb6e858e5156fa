"""Fail on a `# fmt: skip` that does nothing: one whose statement `ruff format` would leave as
it is without it. `--apply` removes them. Run by `make lint`."""

from __future__ import annotations

import pathlib
import re
import subprocess
import sys

MARK = re.compile(r"\s*# fmt: skip\s*$")
RUFF = str(pathlib.Path(sys.executable).with_name("ruff"))


def formats_the_same(path: str, source: str) -> bool:
    result = subprocess.run(  # noqa: S603 - this virtualenv's ruff, on our own files
        [RUFF, "format", "--stdin-filename", path, "-"],
        input=source,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and result.stdout == source


def dead_markers(path: str, lines: list[str]) -> list[int]:
    dead = []
    for number, line in enumerate(lines):
        if MARK.search(line):
            trial = [*lines[:number], MARK.sub("", line), *lines[number + 1 :]]
            if formats_the_same(path, "\n".join(trial)):
                dead.append(number)
    return dead


def main(apply: bool) -> int:
    files = subprocess.run(
        ["git", "ls-files", "*.py"],  # noqa: S607 - git from PATH, as make finds it
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    found = 0
    for path in files:
        lines = pathlib.Path(path).read_text().split("\n")
        dead = dead_markers(path, lines)
        for number in dead:
            sys.stdout.write(f"{path}:{number + 1}: `# fmt: skip` does nothing here\n")
            lines[number] = MARK.sub("", lines[number])
        if dead and apply:
            pathlib.Path(path).write_text("\n".join(lines))
        found += len(dead)
    return 0 if apply or not found else 1


if __name__ == "__main__":
    sys.exit(main(apply="--apply" in sys.argv))
