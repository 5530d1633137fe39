"""The README documents every command and both set-up commands; the docs link to what exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.cli import COMMANDS, build_parser

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_in_the_readme(command):
    assert f"`smartstep {command}" in README


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_option_of_a_command_is_in_the_readme(command):
    parser = build_parser()
    sub = next(a for a in parser._subparsers._group_actions if a.dest == "command")
    row = next(line for line in README.splitlines() if line.startswith(f"| `smartstep {command}"))
    for action in sub.choices[command]._actions:
        for flag in action.option_strings:
            if flag.startswith("--") and flag not in ("--help", "--config", "--seed"):
                assert flag in row, f"{flag} of {command} is not in the README's table"


def test_set_up_is_make_run_and_make_test():
    assert "make run" in README and "make test" in README


REPO = Path(__file__).resolve().parents[2]
PAGES = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"\[[^\]]+\]\(([^)\s]+)\)")


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors of a page's headings: lower case, spaces to '-', punctuation gone."""
    return {re.sub(r"[^\w\- ]", "", line.lstrip("#").strip().lower()).replace(" ", "-")
            for line in page.read_text(encoding="utf-8").splitlines() if line.startswith("#")}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_link_between_the_docs_leads_somewhere(page):
    broken = []
    for target in LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"^(https?:|mailto:)", target):
            continue
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        if not linked.exists() or (anchor and linked.suffix == ".md"
                                   and anchor not in _anchors(linked)):
            broken.append(target)
    assert broken == []


def test_the_readme_is_a_front_page():
    assert len(README.splitlines()) <= 250
