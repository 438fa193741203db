"""``statuskit lookup`` starts fast: it imports nothing it does not need.

Timing is for the benchmark (``benchmarks/bench_foundation.py``, goal 2.5x ``python -c pass``);
this test pins down the modules whose import cost most of the difference, so a change that pulls
one back onto the lookup path fails here, with its name, instead of slowing every command.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Each was measured on the lookup path and removed from it.
NOT_ON_THE_LOOKUP_PATH = {
    "typing": "type hints sit under TYPE_CHECKING",
    "difflib": "imported only when an error suggests a name",
    "string": "imported when a message template is parsed",
    "dataclasses": "the model's records are slotted classes",
    "yaml": "a builtin catalog is JSON",
    "statuskit.check": "lookup does not lint",
    "statuskit.render": "lookup does not render",
    "statuskit.codegen": "lookup does not generate",
}

SCRIPT = """
import contextlib, io, json, sys
from statuskit.cli import main
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = main(["lookup", "http", "404"])
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def test_lookup_imports_only_what_it_needs() -> None:
    # As a user runs it: outside a test session, where STATUSKIT_RECORD makes processes record.
    env = {name: value for name, value in os.environ.items() if name != "STATUSKIT_RECORD"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, env=env
    )
    report = json.loads(result.stdout)
    assert report["code"] == 0 and "Not Found" in report["out"]
    loaded = set(report["modules"])
    assert "statuskit.cli.commands.lookup" in loaded  # the command that ran, and only it
    assert not [
        name for name in loaded if name.startswith("statuskit.cli.commands.") and name.endswith("check")
    ]
    pulled_in = {name: why for name, why in NOT_ON_THE_LOOKUP_PATH.items() if name in loaded}
    assert pulled_in == {}
