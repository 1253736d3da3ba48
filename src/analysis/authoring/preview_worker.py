"""The preview's build process: builds on request, with notebook runners kept warm.

Why a long-lived process: after a save, most of a one-notebook rebuild used to be start-up
(a build process, then a runner process importing papermill, ~1.5 s on two busy cores).
This process imports the build once and keeps its notebook runners (papermill imported,
and a kernel prepared for the next notebook: `analysis.authoring.preview_runner`) between builds,
so a rebuild pays only for running the notebook's cells and the render.
Why a process and not the preview itself: the build must run the code as it is on disk;
the preview replaces this process whenever a file under `src/analysis/` changes.

`python -m analysis.authoring.preview_worker` serves JSON lines (`analysis.pipeline.worker`): a request holds
the build's settings, the reply is ``{"ok": true, "partial": <whether notebooks kept an
earlier output>}`` or ``{"error": "<the one line the
command line would print>"}``. Progress lines go to standard error, i.e. the terminal.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

from analysis.errors import BuildError, InputError
from analysis.pipeline.worker import serve

if TYPE_CHECKING:
    from analysis.pipeline.notebook_runner import NotebookRunners

_runners: NotebookRunners | None = None


def _one_line(exc: BaseException) -> str:
    return " ".join(part.strip() for part in str(exc).splitlines() if part.strip())


def _lanes() -> int:
    return os.cpu_count() or 1


def warm_runners() -> NotebookRunners:
    """The notebook runners every build of this process shares, started (papermill imported)."""
    global _runners
    if _runners is None:
        from analysis.authoring.preview_runner import WarmNotebookRunners

        _runners = WarmNotebookRunners(_lanes()).start()
    return _runners


def handle(request: dict[str, Any]) -> dict[str, Any]:
    """Run one build; the reply carries the failure as the command line words it."""
    from analysis.pipeline.build_config import BuildConfig
    from analysis.pipeline.publish import os_error_line
    from analysis.pipeline.runner import Build

    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    from analysis.data import editions

    out_dir = Path(request["out_dir"])
    demo_data = request.get("demo_data")
    edition = editions.PUBLISHED_EDITION
    if demo_data:
        declared = editions.edition(Path(request["project_dir"]), editions.DEMONSTRATION)
        edition = dataclasses.replace(declared, overlay=Path(demo_data))
    config = BuildConfig(
        year=int(request["year"]),
        project_dir=Path(request["project_dir"]),
        data_dir=out_dir / ".cache" / "data" if demo_data else Path(request["data_dir"]),
        processed_dir=Path(request["processed_dir"]),
        out_dir=out_dir,
        engine=cast(Literal["pandoc", "quarto"], request["engine"]),
        pdf=bool(request["pdf"]),
        jobs=_lanes(),
        edition=edition,
        base_data_dir=Path(request["data_dir"]) if demo_data else None,
        page_first=request.get("page_first"),
    )
    build = Build(config, runners=warm_runners())
    try:
        build.run()
    except InputError as exc:
        return {"error": f"Invoer afgekeurd / input rejected: {_one_line(exc)}"}
    except BuildError as exc:
        return {"error": f"Build mislukt / build failed: {_one_line(exc)}"}
    except OSError as exc:
        return {"error": f"Mislukt / failed: {os_error_line(exc)}"}
    except Exception as exc:  # a bug must not end the preview: report it as one line
        return {"error": f"Build mislukt / build failed: {type(exc).__name__}: {_one_line(exc)}"}
    return {"ok": True, "partial": bool(build.kept)}


if __name__ == "__main__":
    warm_runners()  # papermill is imported while the preview starts
    raise SystemExit(serve(handle))
