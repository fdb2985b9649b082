"""Regenerate the generated parts of README.md (the configuration reference)."""
from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from site_builder.config import options as config

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- config-reference:start -->\n", "<!-- config-reference:end -->"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.S)
    updated = pattern.sub(lambda _: START + config.reference_markdown() + END, text)
    if updated != text:
        README.write_text(updated, encoding="utf-8")
        print("README.md: configuration reference updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
