"""``askdesk --help`` and the light commands start in well under a second: importing the command tree
loads none of the heavy libraries (each feature CLI defers them to the command that needs them)."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("torch", "transformers", "presidio_analyzer", "spacy", "llama_index", "trl", "peft")


def test_the_command_tree_imports_no_heavy_library() -> None:
    code = ("import sys, askdesk.cli; "
            f"print(','.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "", f"importing askdesk.cli loaded {out}: defer that import into the command that uses it"


def test_the_sanitiser_package_loads_presidio_only_when_a_sanitiser_is_asked_for() -> None:
    code = ("import sys; from askdesk.sanitise import SanitiserConfig, sanitiser_version; "
            "print('presidio_analyzer' in sys.modules); from askdesk.sanitise import Sanitiser; "
            "print('presidio_analyzer' in sys.modules, Sanitiser.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "Sanitiser"]
