"""JupyterLab as `make lab` starts it: notebooks are saved the way the repository keeps them.

Why: the repository holds notebooks without outputs (a test enforces it), and the
preview and the build's cache key are the notebook's bytes. A researcher who runs a
chapter and saves would otherwise store every table and chart in the file, plus the
kernel's full `language_info`, and each autosave after a run would look like an edit.
`strip_outputs` is the contents manager's pre-save hook: what is written to disk has no
outputs or execution counts, only the language name and none of the filters jupytext
copies in from its configuration, while the open notebook in the browser keeps showing
its outputs until it is closed.
"""

from __future__ import annotations

from typing import Any

__all__ = ["strip_notebook", "strip_outputs"]


def strip_notebook(notebook: Any) -> None:
    """Remove outputs, execution counts and the kernel's language details, in place."""
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    metadata = notebook.get("metadata", {})
    language = metadata.get("language_info")
    if isinstance(language, dict) and "name" in language:
        metadata["language_info"] = {"name": language["name"]}
    # jupytext copies its filters from `notebooks/jupytext.toml` into every notebook it
    # saves; the configuration already says so. A pairing chosen by hand (`formats`) stays.
    jupytext = metadata.get("jupytext")
    if isinstance(jupytext, dict):
        for key in ("notebook_metadata_filter", "cell_metadata_filter", "text_representation"):
            jupytext.pop(key, None)
        if not jupytext:
            del metadata["jupytext"]


def strip_outputs(model: dict[str, Any], **_kwargs: Any) -> None:
    """Jupyter server pre-save hook (`ContentsManager.pre_save_hook`): strip notebooks only."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        strip_notebook(model["content"])
