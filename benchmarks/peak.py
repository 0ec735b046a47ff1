"""Run ``python -m kiosk ARGS`` and write this process's peak resident memory to a file.

    python benchmarks/peak.py PEAK_FILE ARGS...

The peak is the kernel's VmHWM of this process image (reset at exec, unlike the rusage maxrss
a child inherits from the process that forked it), in kB.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path


def peak_kb() -> int:
    """VmHWM of this process, in kB."""
    for line in Path("/proc/self/status").read_text("ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    """Run the kiosk's command line with the arguments after PEAK_FILE."""
    target = Path(sys.argv[1])
    sys.argv = ["kiosk", *sys.argv[2:]]
    try:
        runpy.run_module("kiosk", run_name="__main__", alter_sys=True)
    finally:
        target.write_text(str(peak_kb()), "ascii")


if __name__ == "__main__":
    main()
