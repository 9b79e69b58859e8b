"""Each package's own tests and every README example, run against Prism serving its openapi.json."""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys

import pytest

from ..conftest import ROOT, VENDORS

_PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def _env(vendor: str, base_url: str) -> dict[str, str]:
    client = importlib.import_module(f"{vendor}_docs2sdk._client")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "generated" / vendor / "src"), client.BASE_URL_ENV: base_url}
    env.update({name: f"test-{arg}" for arg, name in client.CREDENTIAL_ENV.items()})
    return env


@pytest.mark.parametrize("vendor", VENDORS)
def test_the_tests_shipped_with_the_package_pass_against_prism(vendor: str, prism_url: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT / "generated" / vendor),
         str(ROOT / "generated" / vendor / "tests")],
        env=_env(vendor, prism_url[vendor]), capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    summary = result.stdout.strip().splitlines()[-1]
    assert "passed" in summary and "skipped" not in summary and "failed" not in summary


# Every block runs as a script of its own (a fresh namespace, `__name__ == "__main__"`), in one
# process per README: a process per block spent most of its time importing the package again.
_RUN_BLOCKS = """
import json, sys, traceback
failed = []
for number, block in enumerate(json.load(sys.stdin), 1):
    try:
        exec(compile(block, f"<README block {number}>", "exec"), {"__name__": "__main__"})
    except BaseException:
        failed.append(number)
        print(f"--- block {number}\\n{block}\\n{traceback.format_exc()}", file=sys.stderr)
print(json.dumps(failed))
"""


@pytest.mark.parametrize("vendor", VENDORS)
def test_every_readme_example_runs_against_prism(vendor: str, prism_url: dict[str, str]) -> None:
    readme = (ROOT / "generated" / vendor / "README.md").read_text(encoding="utf-8")
    blocks = _PYTHON_BLOCK.findall(readme)
    assert len(blocks) >= 2
    result = subprocess.run([sys.executable, "-c", _RUN_BLOCKS], input=json.dumps(blocks),
                            env=_env(vendor, prism_url[vendor]), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stderr[-4000:]
