#!/usr/bin/env python3
"""Former name of bench/copydesk (kept so that old notes still work): runs it
with the same arguments. See bench/copydesk and bench/README.md, "Copydesk
evaluation"."""
import os
import sys

script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "copydesk")
os.execv(sys.executable, [sys.executable, script] + sys.argv[1:])
