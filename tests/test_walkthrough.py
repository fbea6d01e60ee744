"""The README's walkthrough, run as written on a copy of the repository: add an article, see the
build refuse its drafts, review them, build, release, and validate the release."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from typer.testing import CliRunner

from claimpack import load
from claimpack.cli import app

from conftest import REPO


def walkthrough_blocks() -> tuple[str, str]:
    """The article text and the reviewed coding, as the README gives them."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("#### Walkthrough") :]
    article = re.search(r"printf '(.*?)\\n' > nuevo.txt", section)
    coding = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert article and coding
    return article[1] + "\n", coding[1]


def test_the_readme_walkthrough_adds_an_article_and_releases_it(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    for folder in ("seeds", "schema"):
        shutil.copytree(REPO / folder, root / folder)
    text, reviewed = walkthrough_blocks()
    (tmp_path / "nuevo.txt").write_text(text, encoding="utf-8")
    runner = CliRunner()
    added = runner.invoke(app, ["add", str(tmp_path / "nuevo.txt"), "--root", str(root)])
    assert added.exit_code == 0, added.output
    (draft,) = [p for p in (root / "seeds" / "statements").glob("005_*.yaml")]
    refused = runner.invoke(app, ["build", "--root", str(root)])
    assert refused.exit_code == 1 and "[draft-statement]" in refused.output
    assert reviewed.startswith(f"source: {draft.stem}\n"), "README's id is the one add gives"
    drafted = re.findall(r"^- id: (st_[0-9a-f]{16})$", draft.read_text(encoding="utf-8"), re.M)
    assert re.findall(r"^  - id: (st_[0-9a-f]{16})$", reviewed, re.M) == drafted
    draft.write_text(reviewed, encoding="utf-8")
    built = runner.invoke(app, ["build", "--root", str(root)])
    assert built.exit_code == 0, built.output
    assert runner.invoke(app, ["coverage", "--root", str(root)]).exit_code == 0
    statements = load(root / "datapackage.json")["statements"]
    new = statements[statements["source_id"] == draft.stem].set_index("predicate")
    assert new.loc["killed_count", "value"] == "25"
    assert str(new.loc["killed_count", "bound"]) == "at_least"
    assert new.loc["date", "value"] == "2026-02-22"
    assert list(new["statement_id"]) == drafted
    released = runner.invoke(app, ["release", "--root", str(root)])
    assert released.exit_code == 0, released.output
    (archive,) = (root / "dist" / "releases").glob("*.zip")
    assert runner.invoke(app, ["validate", str(archive)]).exit_code == 0
