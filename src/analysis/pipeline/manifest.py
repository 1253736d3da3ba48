"""The manifest of a published report: what it was built from, enough to rebuild and check it.

`manifest.json` beside the report: the year and renderer, the git commit, the content
hash of every input (data files, notebooks, `_quarto.yml`, the code) and the versions of
the packages that computed the numbers. The colophon (`chapters.appendix`) prints the
same package list.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from analysis.data.content_hash import hash_file
from analysis.versions import package_versions

if TYPE_CHECKING:
    from analysis.pipeline.build_config import BuildConfig


def manifest_of(
    config: BuildConfig,
    notebooks: Sequence[str],
    data_hashes: Mapping[str, str],
    code_hash: str,
) -> dict[str, Any]:
    """The manifest of one build of `config` (its keys are part of the published report)."""
    cfg = config
    return {
        "year": cfg.year,
        "engine": cfg.engine,
        "git_commit": git_commit(cfg.project_dir),
        "inputs": {
            "data": {f"{cfg.data_dir.name}/{k}": v for k, v in data_hashes.items()},
            "notebooks": {nb: hash_file(cfg.project_dir / nb) for nb in notebooks},
            "quarto_config": hash_file(cfg.project_dir / "_quarto.yml"),
            "code": code_hash,
        },
        "packages": package_versions(),
    }


def git_commit(project_dir: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(project_dir), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() or "unknown"
