"""The README's configuration reference is generated from the config schema and must be current."""
import re

from site_builder.config import options as config
from tests.conftest import REPO


def test_readme_config_reference_is_current():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    match = re.search(r"<!-- config-reference:start -->\n(.*?)<!-- config-reference:end -->", readme, re.S)
    assert match, "README.md lost its config-reference markers"
    assert match.group(1) == config.reference_markdown(), "run: make docs"


def test_readme_names_every_cli_command():
    from site_builder.cli import COMMANDS

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in COMMANDS:
        assert f"site-builder {name}" in readme, name
