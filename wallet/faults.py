"""Named crash points for the fault tests: ``CHATLABEL_FAULT_AT=after_store`` kills the process there.

Unset (always, outside tests) this is one dictionary lookup. SIGKILL, not an exception: nothing may clean up,
exactly as when the machine loses power or the OOM killer strikes.
Points: after_assign, after_sign, after_store, after_broadcast, before_confirm.
"""

from __future__ import annotations

import os
import signal

VARIABLE = "CHATLABEL_FAULT_AT"


def point(name: str) -> None:
    if os.environ.get(VARIABLE) == name:
        os.kill(os.getpid(), signal.SIGKILL)
