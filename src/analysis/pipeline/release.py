"""`valorisatiemonitor release`: the files of one published edition, with checksums and notes.

Why a command: a release is what leaves the project (attached to a GitHub release, mailed
with the Kamerbrief, archived), so it must be assembled the same way every year and be
checkable by anyone: the PDF(s), the tables archive, the codebook, `manifest.json`,
release notes generated from 'Wat is er veranderd' (`publication.changes.notes`) and
`SHA256SUMS` over all of them (`sha256sum -c SHA256SUMS` verifies a download).

What it refuses, reading the build's own record (nothing is rebuilt here):

* a year without a published edition (`<report>/<year>/manifest.json`);
* a year whose last build failed: the build writes `build.log` in its cache folder
  (`<report>/.cache/<year>/`) after every run, ending in `total` when it published and
  `failed` when it did not (the published folder is then an older build, not the one
  asked for); no log is no record, and is refused too;
* a year whose validation has errors (`validation_results.parquet`, kept by the build
  beside the processed tables in the cache).

Deterministic: the files are copied byte for byte, the notes and the checksums depend
only on the published records, so releasing twice gives the same bytes. The release is
assembled in a staging folder and swapped into `--out` (`publish.publish`), which must be
empty or hold an earlier release and nothing else: nothing the command did not write is
touched. `--site-out` does the same with the published site (every year, the root index
and the year switcher), the folder a static host (GitHub Pages) serves.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.errors import BuildError
from analysis.pipeline.publish import publish

RELEASE_NOTES = "release-notes.md"
CHECKSUMS = "SHA256SUMS"
BUILD_LOG = "build.log"
VALIDATION_RESULTS = "processed/validation_results.parquet"
#: Beside the year folders in the report root: what a site folder may hold besides years.
SITE_ROOT_FILES: tuple[str, ...] = ("index.html", "years.js")


@dataclass(frozen=True)
class ReleaseFile:
    """One file of the release: its name there, and where it comes from (None: generated)."""

    name: str
    source: Path | None
    about: str


@dataclass(frozen=True)
class ReleasePlan:
    """What `release` publishes for one year, checked against the build's record."""

    year: int
    report_dir: Path
    files: tuple[ReleaseFile, ...]
    manifest: Mapping[str, Any]

    @property
    def year_dir(self) -> Path:
        return self.report_dir / str(self.year)


def plan_release(report_dir: Path, year: int) -> ReleasePlan:
    """The release of `year` from `report_dir`, or a `BuildError` saying why there is none."""
    from analysis.publication.render import pdf_name
    from analysis.publication.render.downloads import archive_name

    report_dir = Path(report_dir)
    year_dir = report_dir / str(year)
    manifest = _published_manifest(year_dir, year)
    _check_last_build(report_dir, year)
    _check_validation(report_dir, year)
    pdf = year_dir / pdf_name(year)
    volumes = sorted(
        year_dir.glob(f"valorisatiemonitor-{year}-factsheets-*.pdf"),
        key=lambda p: int(p.stem.rsplit("-", 1)[1]) if p.stem.rsplit("-", 1)[1].isdigit() else 0,
    )
    files = [
        ReleaseFile(pdf.name, pdf, "het rapport (PDF voor de Kamerbrief)"),
        *(ReleaseFile(v.name, v, "de factsheets van de instellingen (PDF-deel)") for v in volumes),
        ReleaseFile(
            archive_name(year),
            year_dir / archive_name(year),
            "alle tabellen (CSV en de variant voor Nederlandse Excel), het codeboek en de licenties",
        ),
        ReleaseFile(
            "codebook.csv",
            year_dir / "data" / "codebook.csv",
            "elke tabel en kolom: naam, label, eenheid, type en waarop ze rust",
        ),
        ReleaseFile(
            "manifest.json",
            year_dir / "manifest.json",
            "waaruit deze editie is gebouwd: de invoer (hashes), de commit, de pakketversies",
        ),
        ReleaseFile(
            edition_archive_name(year),
            None,
            "de hele editie zoals gepubliceerd (website, tabellen, grafieken, het record van de "
            "editie); `valorisatiemonitor restore` zet haar terug naast een volgende editie",
        ),
        ReleaseFile(RELEASE_NOTES, None, "deze toelichting"),
    ]
    for item in files:
        if item.source is not None and not item.source.is_file():
            raise BuildError(
                f"{item.source}: missing from the published edition {year}; build it again "
                f"(valorisatiemonitor build --year {year})"
            )
    return ReleasePlan(year, report_dir, tuple(files), manifest)


def _published_manifest(year_dir: Path, year: int) -> dict[str, Any]:
    path = year_dir / "manifest.json"
    if not path.is_file():
        raise BuildError(
            f"{year_dir}: no published edition of {year} (manifest.json missing); build it "
            f"first: valorisatiemonitor build --year {year}"
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BuildError(f"{path}: not a readable manifest ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("year") != year:
        raise BuildError(f"{path}: the manifest is not that of the edition {year}")
    return manifest


def _check_last_build(report_dir: Path, year: int) -> None:
    """The last build of `year` into `report_dir` published; its log says so."""
    log = report_dir / ".cache" / str(year) / BUILD_LOG
    try:
        lines = [x for x in log.read_text(encoding="utf-8").splitlines() if x.strip()]
    except (OSError, ValueError):
        raise BuildError(
            f"{log}: no record of the last build of {year}; build it again "
            f"(valorisatiemonitor build --year {year})"
        ) from None
    last = lines[-1].split("\t") if lines else [""]
    if last[0] == "total":
        return
    failed = [x.split("\t")[1] for x in lines if x.startswith("failed\t") and x.count("\t") >= 2]
    steps = [s for s in failed if s != "-"]
    what = f" (failed: {', '.join(steps)})" if steps else ""
    raise BuildError(
        f"{log}: the last build of {year} failed{what}; what is published is an older build. "
        f"Fix it and build again (valorisatiemonitor build --year {year})"
    )


def _check_validation(report_dir: Path, year: int) -> None:
    """The validation the build kept has no errors (warnings are the report's own business)."""
    import pandas as pd

    path = report_dir / ".cache" / str(year) / VALIDATION_RESULTS
    try:
        results = pd.read_parquet(
            path, columns=["file", "row", "column", "rule", "severity", "outcome"]
        )
    except (OSError, ValueError, KeyError) as exc:
        raise BuildError(
            f"{path}: the build's validation results are missing or unreadable ({exc}); "
            f"build {year} again"
        ) from None
    # One row per finding and per check that found nothing (`ValidationReport.to_frame`):
    # an error is a failed rule of severity error, not a passed one.
    errors = results[(results["severity"] == "error") & (results["outcome"] == "failed")]
    if len(errors):
        first = errors.iloc[0]
        raise BuildError(
            f"{path}: the validation of {year} has {len(errors)} error(s), first "
            f"{first['file']} row {first['row']} column {first['column']} [{first['rule']}]; "
            "fix the data and build again"
        )


# --------------------------------------------------------------------------- notes


def release_notes(plan: ReleasePlan, names: Mapping[str, str]) -> str:
    """The release notes (Markdown): what the release holds and what changed in this edition."""
    from analysis.publication import escape
    from analysis.publication.changes.notes import changes_notes
    from analysis.publication.edition import previous_edition, read_edition

    current = read_edition(plan.year_dir, plan.year)
    if current is None:
        raise BuildError(
            f"{plan.year_dir / 'editie'}: the edition's record is missing or of another format; "
            f"build {plan.year} again"
        )
    previous = previous_edition(plan.report_dir, plan.year)
    commit = str(plan.manifest.get("git_commit", "unknown"))
    engine = str(plan.manifest.get("engine", ""))
    lines = [
        f"# Valorisatiemonitor {plan.year}",
        "",
        f"De editie {plan.year} van de Valorisatiemonitor: kennisoverdracht door Nederlandse "
        "universiteiten, umc's, TNO en het NKI. Gebouwd uit commit "
        f"`{escape.markdown(commit)}` (weergave: {escape.markdown(engine)}).",
        "",
    ]
    if bool(current.long["is_demonstration"].any()):
        lines += [
            "> **Demonstratiegegevens.** Een deel van de cijfers van de instellingen is "
            "gegenereerd (bron `demonstration`); het rapport zegt bij elke tabel en figuur "
            "waarop die rust.",
            "",
        ]
    lines += ["## Bestanden", "", "| bestand | inhoud |", "|---|---|"]
    for item in plan.files:
        lines.append(f"| {escape.markdown(item.name)} | {item.about} |")
    lines += [
        f"| {CHECKSUMS} | de SHA-256 van elk bestand hierboven: `sha256sum -c {CHECKSUMS}` |",
        "",
    ]
    lines += changes_notes(current, previous, names)
    return "\n".join(lines).rstrip("\n") + "\n"


def institution_names(data_dir: Path) -> dict[str, str]:
    """Institution id → short name, from `institutions.csv`; empty when it cannot be read."""
    import pandas as pd

    try:
        table = pd.read_csv(data_dir / "institutions.csv", dtype=str, keep_default_na=False)
        return {
            str(i): str(s or i)
            for i, s in zip(table["institution_id"], table["short_name"], strict=True)
        }
    except (OSError, KeyError, ValueError, pd.errors.ParserError, pd.errors.EmptyDataError):
        return {}


# --------------------------------------------------------------------------- writing


def checksums(files: Mapping[str, bytes]) -> str:
    """`SHA256SUMS` as `sha256sum` writes it: `<hex>  <name>`, one line per file, sorted."""
    return "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items())
    )


def edition_archive_name(year: int) -> str:
    return f"valorisatiemonitor-{year}-editie.zip"


def edition_archive(year_dir: Path, year: int) -> bytes:
    """The published year folder as one zip (`<year>/…`, nothing hidden); same folder, same bytes.

    It is what the next edition needs of this one, wherever it is built: the site for the
    year switcher and the record for 'Wat is er veranderd' (`restore` puts it back).
    """
    from analysis.publication.render.downloads import zip_bytes

    members: dict[str, bytes] = {}
    for path in sorted(year_dir.rglob("*")):
        relative = path.relative_to(year_dir)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            members[f"{year}/{relative.as_posix()}"] = path.read_bytes()
    return zip_bytes(members)


def release_bytes(plan: ReleasePlan, names: Mapping[str, str]) -> dict[str, bytes]:
    """Every file of the release by name, `SHA256SUMS` included."""
    out: dict[str, bytes] = {}
    for item in plan.files:
        if item.source is not None:
            out[item.name] = item.source.read_bytes()
    out[edition_archive_name(plan.year)] = edition_archive(plan.year_dir, plan.year)
    out[RELEASE_NOTES] = release_notes(plan, names).encode("utf-8")
    out[CHECKSUMS] = checksums(out).encode("utf-8")
    return out


def write_release(plan: ReleasePlan, out: Path, names: Mapping[str, str]) -> list[Path]:
    """Write the release into `out` (swapped in whole); returns the files written."""
    content = release_bytes(plan, names)
    _check_target(out, set(content), "release")
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir(parents=True)
        for name, data in sorted(content.items()):
            (staging / name).write_bytes(data)
        publish(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [out / name for name in sorted(content)]


def site_files(report_dir: Path) -> list[str]:
    """The published site under `report_dir`, relative and sorted: the root index, the year
    switcher and every year folder, without the cache, locks or anything hidden."""
    out: list[str] = []
    for name in SITE_ROOT_FILES:
        if (report_dir / name).is_file():
            out.append(name)
    for entry in sorted(report_dir.iterdir()):
        if not (entry.is_dir() and len(entry.name) == 4 and entry.name.isdigit()):
            continue
        for path in sorted(entry.rglob("*")):
            relative = path.relative_to(report_dir)
            if path.is_file() and not any(part.startswith(".") for part in relative.parts):
                out.append(relative.as_posix())
    return out


def write_site(report_dir: Path, out: Path) -> int:
    """Copy the published site into `out` (swapped in whole); returns the number of files."""
    files = site_files(report_dir)
    if "index.html" not in files:
        raise BuildError(f"{report_dir / 'index.html'}: no published site in {report_dir}")
    _check_target(out, None, "site")
    staging = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for relative in files:
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(report_dir / relative, target)
        publish(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return len(files)


def _check_target(out: Path, names: set[str] | None, what: str) -> None:
    """`out` is missing, empty, or holds only what this command writes there.

    A release folder may hold release files; a site folder the root files and year
    folders. Anything else is someone else's, and the command stops before writing.
    """
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise BuildError(f"{out}: not a folder; give an empty or new folder for the {what}")
    if not out.is_dir():
        return
    for entry in sorted(out.iterdir()):
        if names is not None:
            ours = entry.is_file() and entry.name in names
        else:
            ours = (entry.is_file() and entry.name in SITE_ROOT_FILES) or (
                entry.is_dir() and len(entry.name) == 4 and entry.name.isdigit()
            )
        if not ours:
            raise BuildError(
                f"{entry}: the {what} folder holds something the release did not write; "
                "give an empty or new folder"
            )


def describe(plan: ReleasePlan, out: Path, site_out: Path | None) -> list[str]:
    """What `release --dry-run` prints: every file, where it comes from and where it goes."""
    lines = [f"release {plan.year}: {plan.report_dir} -> {out}"]
    width = max(len(f.name) for f in plan.files) + 2
    for item in plan.files:
        if item.source is not None:
            size = item.source.stat().st_size
            lines.append(f"  {item.name:<{width}}<- {item.source} ({size} bytes)")
        elif item.name == RELEASE_NOTES:
            lines.append(f"  {item.name:<{width}}<- generated from 'Wat is er veranderd'")
        else:
            lines.append(f"  {item.name:<{width}}<- {plan.year_dir} (every published file)")
    lines.append(f"  {CHECKSUMS:<{width}}<- SHA-256 of the files above")
    if site_out is not None:
        files = site_files(plan.report_dir)
        years = sorted({f.split("/")[0] for f in files if "/" in f})
        lines.append(
            f"site: {plan.report_dir} -> {site_out} ({len(files)} files: "
            f"{', '.join([*(x for x in SITE_ROOT_FILES if x in files), *years])})"
        )
    return lines


def resolve_year(year: str, data_dir: Path) -> int:
    """`--year`: a year, or `latest`, the latest year with submissions (as `build` takes it)."""
    from analysis.pipeline.build_config import available_years

    if year == "latest":
        years = available_years(data_dir)
        if not years:
            raise BuildError(f"{data_dir / 'kt_metrics'}: no year folder holds a submission")
        return years[-1]
    try:
        return int(year)
    except ValueError:
        raise BuildError(f"--year must be a year or 'latest', got {year!r}") from None


def run_release(
    report_dir: Path,
    year: int,
    out: Path,
    *,
    data_dir: Path,
    site_out: Path | None = None,
    dry_run: bool = False,
) -> Sequence[str]:
    """Check, then write (or with `dry_run` only describe) the release; returns the lines to print."""
    plan = plan_release(report_dir, year)
    if dry_run:
        return describe(plan, out, site_out)
    written = write_release(plan, out, institution_names(data_dir))
    lines = [f"release {year}: {len(written)} files in {out}"]
    lines += [f"  {p.name}" for p in written]
    if site_out is not None:
        count = write_site(report_dir, site_out)
        lines.append(f"site: {count} files in {site_out}")
    lines.append(f"check: cd {out} && sha256sum -c {CHECKSUMS}")
    return lines


# --------------------------------------------------------------------------- restore

#: What `restore` accepts from one archive: far above an edition of 1,000 institutions.
RESTORE_MAX_BYTES = 4 * 1024**3
RESTORE_MAX_FILES = 200_000


def restore_editions(archives: Sequence[Path], report_dir: Path) -> list[str]:
    """Put published editions (`edition_archive`s) back into `report_dir`, beside new ones.

    Why: a build on a fresh machine (the yearly workflow) has only its own year, but the
    site it publishes must keep the earlier years, and 'Wat is er veranderd' compares with
    the previous edition's record. A year already in `report_dir` is left as it is (what
    is there was built or restored on purpose). Every member must be a file under one
    `<year>/` folder (no absolute path, no `..`, no link); a year is unpacked beside the
    others and renamed into place whole. The root index and the year switcher are rewritten
    for the years now present. Returns one line per archive.
    """
    import zipfile

    from analysis.pipeline import guard
    from analysis.pipeline.publish import stage_file, write_root_index, years_js

    report_dir.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    with guard.out_dir_lock(report_dir):
        for archive in archives:
            try:
                with zipfile.ZipFile(archive) as handle:
                    year, members = _edition_members(archive, handle)
                    target = report_dir / str(year)
                    if target.exists():
                        lines.append(f"{archive.name}: {year} is already in {report_dir}; kept")
                        continue
                    staging = report_dir / f".restore-{year}-{os.getpid()}"
                    shutil.rmtree(staging, ignore_errors=True)
                    try:
                        for info in members:
                            path = staging / info.filename
                            path.parent.mkdir(parents=True, exist_ok=True)
                            with handle.open(info) as source, path.open("wb") as sink:
                                shutil.copyfileobj(source, sink)
                        os.rename(staging / str(year), target)
                    finally:
                        shutil.rmtree(staging, ignore_errors=True)
            except (zipfile.BadZipFile, OSError) as exc:
                raise BuildError(f"{archive}: not a readable edition archive ({exc})") from exc
            lines.append(f"{archive.name}: {year} restored in {target} ({len(members)} files)")
        write_root_index(report_dir)
        years = sorted(int(p.name) for p in report_dir.iterdir() if _is_year(p))
        staged = stage_file(
            report_dir / "years.js", years_js({y: report_dir / str(y) / "site" for y in years})
        )
        if staged is not None:
            os.replace(*staged)
    return lines


def _is_year(path: Path) -> bool:
    return path.is_dir() and len(path.name) == 4 and path.name.isdigit()


def _edition_members(archive: Path, handle: Any) -> tuple[int, list[Any]]:
    """The archive's year and its file members, or a `BuildError` naming what is wrong."""
    infos = [i for i in handle.infolist() if not i.is_dir()]
    if not infos:
        raise BuildError(f"{archive}: the archive is empty")
    if len(infos) > RESTORE_MAX_FILES or sum(i.file_size for i in infos) > RESTORE_MAX_BYTES:
        raise BuildError(f"{archive}: larger than an edition can be; not restored")
    years: set[str] = set()
    for info in infos:
        name = info.filename
        parts = name.split("/")
        mode = (info.external_attr >> 16) & 0o170000
        if (
            name.startswith("/")
            or "\\" in name
            or any(p in ("", ".", "..") for p in parts)
            or len(parts) < 2
            or not (len(parts[0]) == 4 and parts[0].isdigit())
            or mode == 0o120000  # a symbolic link
        ):
            raise BuildError(f"{archive}: member {name!r} is not a file of an edition folder")
        years.add(parts[0])
    if len(years) != 1:
        raise BuildError(f"{archive}: holds more than one year ({', '.join(sorted(years))})")
    return int(years.pop()), infos
