"""Command-line interface: argument parsing only.

Everything heavy is imported inside the command that needs it, so `--help` and a
fully cached rebuild start instantly.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from analysis.data.editions import Edition


def _years(text: str) -> range:
    """Parse `2010-2025` (inclusive) or a single year."""
    try:
        if "-" in text:
            first, last = (int(part) for part in text.split("-", 1))
        else:
            first = last = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"years must look like 2010-2025, got {text!r}") from exc
    if last < first:
        raise argparse.ArgumentTypeError(f"years run backwards: {text!r}")
    return range(first, last + 1)


def _add_renderer_option(parser: argparse.ArgumentParser) -> None:
    """`--renderer` (older name `--engine`): which program renders the site and the PDF."""
    parser.add_argument(
        "--renderer",
        "--engine",
        dest="renderer",
        choices=("auto", "pandoc", "quarto"),
        default="auto",
        help="which program renders the site and the PDF: pandoc (pandoc + Typst), quarto, "
        "or auto (quarto where it is installed, else pandoc); --engine is the older name",
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="valorisatiemonitor",
        description="Build, validate and feed the Valorisatiemonitor.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the monitor (site + PDF) for one year")
    b.add_argument("--year", default="latest", help="report year, or 'latest' (default)")
    b.add_argument("--data-dir", type=Path, default=None, help="raw data (default data/raw)")
    b.add_argument(
        "--processed-dir", type=Path, default=None, help="processed data (default data/processed)"
    )
    b.add_argument("--out-dir", type=Path, default=None, help="report root (default report)")
    _add_renderer_option(b)
    b.add_argument("--force", action="store_true", help="rebuild every step, ignoring the cache")
    b.add_argument("--quiet", action="store_true", help="print failures only")
    b.add_argument("--jobs", type=int, default=None, help="notebooks executed in parallel")
    b.add_argument("--site-only", action="store_true", help="skip the PDF (a faster rebuild)")
    b.add_argument(
        "--demonstratie",
        action="store_true",
        help="build the demonstration edition (proefeditie): fictitious institutions from "
        "data/demo, into report/demonstratie/ unless --out-dir says otherwise",
    )
    b.add_argument(
        "--demo-data",
        type=Path,
        default=None,
        help="with --demonstratie: another folder of demonstration data than data/demo "
        "(written by `valorisatiemonitor demo`)",
    )

    pv = sub.add_parser(
        "preview",
        help="serve the site on localhost, rebuild it on every save, reload the page",
    )
    pv.add_argument("--year", default="latest", help="report year, or 'latest' (default)")
    pv.add_argument("--port", type=int, default=8765, help="port on 127.0.0.1 (default 8765)")
    pv.add_argument("--pdf", action="store_true", help="rebuild the PDF on every change too")
    pv.add_argument(
        "--publish",
        action="store_true",
        help="build into report/ and data/processed/ (with the PDF) instead of .build/preview/",
    )
    pv.add_argument("--data-dir", type=Path, default=None, help="raw data (default data/raw)")
    pv.add_argument("--out-dir", type=Path, default=None, help="default .build/preview")
    pv.add_argument(
        "--processed-dir", type=Path, default=None, help="default .build/preview-processed"
    )
    _add_renderer_option(pv)
    pv.add_argument("--no-browser", action="store_true", help="do not open a browser")
    pv.add_argument(
        "--demonstratie",
        action="store_true",
        help="preview the demonstration edition (proefeditie) on its fictitious institutions",
    )

    v = sub.add_parser("validate", help="validate the raw data only (exit 1 on errors)")
    v.add_argument(
        "files",
        nargs="*",
        type=Path,
        help="only these files (e.g. the changed ones); the reference tables still load",
    )
    v.add_argument(
        "--files-from",
        type=Path,
        default=None,
        metavar="LIST",
        help="also the files named in LIST (one per line, or NUL-separated as `git diff -z` "
        "writes them); an empty LIST validates no submission",
    )
    v.add_argument("--data-dir", type=Path, default=None)
    v.add_argument("--warnings", action="store_true", help="also list warnings")
    v.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github: one GitHub Actions annotation per finding, on its file and line",
    )
    v.add_argument(
        "--summary",
        type=Path,
        default=None,
        help="write a Markdown summary (with --format github: default $GITHUB_STEP_SUMMARY)",
    )
    v.add_argument(
        "--ontvangstbewijs",
        type=Path,
        default=None,
        metavar="FILE",
        help="write the receipt for the KTO (plain Dutch text) to FILE",
    )
    v.add_argument(
        "--year",
        type=int,
        default=None,
        help="also check what a report on this year needs (price index, exchange rates)",
    )

    r = sub.add_parser(
        "release",
        help="the files of a published edition with SHA256SUMS and release notes",
    )
    r.add_argument(
        "--year", required=True, help="the edition's year, or 'latest' (the latest with data)"
    )
    r.add_argument("--out", type=Path, required=True, help="folder for the release files")
    r.add_argument(
        "--report-dir", type=Path, default=None, help="report root the build wrote (default report)"
    )
    r.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="raw data, for institution names (default data/raw)",
    )
    r.add_argument(
        "--site-out", type=Path, default=None, help="also copy the published site (all years) here"
    )
    r.add_argument(
        "--dry-run",
        action="store_true",
        help="list what would be published and where; write nothing",
    )

    rs = sub.add_parser(
        "restore", help="put published editions (release archives) back beside a new one"
    )
    rs.add_argument(
        "archives",
        nargs="*",
        type=Path,
        help="valorisatiemonitor-<year>-editie.zip files, or folders holding them",
    )
    rs.add_argument("--report-dir", type=Path, default=None, help="report root (default report)")

    u = sub.add_parser(
        "update-reference",
        help="fetch the newest ECB exchange rates and Eurostat HICP into data/raw/context/",
    )
    u.add_argument("--data-dir", type=Path, default=None, help="raw data (default data/raw)")
    u.add_argument(
        "--ecb-url",
        default=None,
        help="ECB Data Portal API base (default $VALORISATIEMONITOR_ECB_URL or "
        "https://data-api.ecb.europa.eu/service)",
    )
    u.add_argument(
        "--eurostat-url",
        default=None,
        help="Eurostat Statistics API base (default $VALORISATIEMONITOR_EUROSTAT_URL or "
        "https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0)",
    )

    d = sub.add_parser(
        "demo", help="write the demonstration edition's fictitious institutions and submissions"
    )
    d.add_argument("--seed", type=int, default=2026)
    d.add_argument("--years", type=_years, default=_years("2010-2025"))
    d.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for institutions.csv, the consortia and kt_metrics/<year>/*.csv "
        "(default data/demo)",
    )
    d.add_argument(
        "--institutions",
        type=int,
        default=None,
        help="add synthetic institutions up to this total (scale benchmarks)",
    )

    t = sub.add_parser("template", help="write the KTO submission template (CSV + XLSX)")
    t.add_argument("--out", type=Path, required=True)
    t.add_argument("--institution", default="")
    t.add_argument("--year", type=int, default=None)

    i = sub.add_parser("import", help="write a raw table from a published file (no hand typing)")
    kinds = i.add_subparsers(dest="kind", required=True)
    lr = kinds.add_parser(
        "leiden-ranking",
        help="CWTS Leiden Ranking download (XLSX/CSV) -> benchmark/leiden_ranking.csv",
    )
    lr.add_argument("file", type=Path, help="the ranking file (official download or wide copy)")
    lr.add_argument("--data-dir", type=Path, default=None, help="raw data (default data/raw)")
    lr.add_argument("--edition", type=int, default=None, help="edition, if the file lacks one")
    lr.add_argument(
        "--period", default=None, help="publication window (e.g. 2015–2018), if the file lacks one"
    )
    lr.add_argument("--field", default="All sciences", help="field to keep (default All sciences)")
    lr.add_argument("--counting", choices=("full", "fractional"), default="full")
    lr.add_argument(
        "--share-unit",
        choices=("percent", "proportion"),
        default=None,
        help="how the file writes shares (15 or 0.15); needed when no publication count "
        "P in the file proves it",
    )
    lr.add_argument(
        "--source-id",
        default=None,
        help="source id in sources.csv (default cwts_leiden_ranking_<edition>)",
    )
    kt = kinds.add_parser(
        "kt-figures",
        help="figures from annual accounts -> annual_accounts/institution_figures.csv",
    )
    kt.add_argument("file", type=Path, help="kt_figures_nl_institutions_2.csv")
    kt.add_argument("--data-dir", type=Path, default=None, help="raw data (default data/raw)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; every failure ends in one line on standard error and a non-zero exit.

    Exit codes: 0 done, 1 bad input or a failed build (including a full or read-only
    disk), 2 usage, 128 + the signal number when stopped by Ctrl-C (130) or SIGTERM (143).
    """
    args = _parser().parse_args(argv)
    from analysis.errors import BuildError, InputError
    from analysis.pipeline import guard

    try:
        with guard.stop_on_signals():
            if args.command == "build":
                return _build(args)
            if args.command == "preview":
                return _preview(args)
            if args.command == "validate":
                return _validate(args)
            if args.command == "release":
                return _release(args)
            if args.command == "restore":
                return _restore(args)
            if args.command == "update-reference":
                return _update_reference(args)
            if args.command == "demo":
                return _demo(args)
            if args.command == "template":
                return _template(args)
            if args.command == "import":
                return _import(args)
    except InputError as exc:
        print(f"Invoer afgekeurd / input rejected: {_one_line(exc)}", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"Build mislukt / build failed: {_one_line(exc)}", file=sys.stderr)
        return 1
    except OSError as exc:
        from analysis.pipeline.publish import os_error_line

        print(f"Mislukt / failed: {os_error_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:
        guard.reap_children()
        signum = exc.signum if isinstance(exc, guard.BuildInterrupted) else signal.SIGINT
        name = signal.Signals(signum).name
        print(
            f"Afgebroken / interrupted: {name}; every child process of the build is stopped",
            file=sys.stderr,
        )
        return 128 + signum
    return 2


def _one_line(exc: BaseException) -> str:
    """The message on one line (a tool's multi-line output is joined, not cut), printable
    even when it names a file whose name is not UTF-8."""
    from analysis.data.input_files import printable

    return printable(" ".join(part.strip() for part in str(exc).splitlines() if part.strip()))


def _build(args: argparse.Namespace) -> int:
    import dataclasses
    import os

    from analysis import paths
    from analysis.data import editions
    from analysis.errors import BuildError
    from analysis.pipeline.build_config import BuildConfig, resolve_engine
    from analysis.pipeline.runner import build

    project = paths.project_root()
    data_dir = _data_dir(args)
    spec = editions.edition(
        project, editions.DEMONSTRATION if args.demonstratie else editions.PUBLISHED
    )
    if args.demo_data is not None:
        if not args.demonstratie:
            raise BuildError("--demo-data belongs to the demonstration edition: add --demonstratie")
        if not args.demo_data.is_dir():
            raise BuildError(f"{args.demo_data}: --demo-data is not a folder")
        spec = dataclasses.replace(spec, overlay=args.demo_data.resolve())
    out_dir = (args.out_dir or spec.out_dir or paths.default_out_dir()).resolve()
    year = _edition_year(args.year, spec, data_dir)
    config = BuildConfig(
        year=year,
        project_dir=project,
        # The demonstration edition's data folder is assembled in the build's cache.
        data_dir=out_dir / ".cache" / "data" if spec.overlay else data_dir,
        processed_dir=(
            args.processed_dir or spec.processed_dir or paths.default_processed_dir()
        ).resolve(),
        out_dir=out_dir,
        engine=resolve_engine(args.renderer),
        force=args.force,
        quiet=args.quiet,
        jobs=args.jobs or os.cpu_count() or 1,
        pdf=not args.site_only,
        edition=spec,
        base_data_dir=data_dir if spec.overlay else None,
    )
    build(config)
    return 0


def _data_dir(args: argparse.Namespace) -> Path:
    from analysis import paths
    from analysis.errors import BuildError

    data_dir: Path = (args.data_dir or paths.default_data_dir()).resolve()
    if not data_dir.is_dir():
        raise BuildError(f"{data_dir}: --data-dir is not a folder")
    return data_dir


def _edition_year(text: str, spec: Edition, data_dir: Path) -> int:
    """`--year`: a year, or `latest`: the latest year with submissions of the edition.

    The published edition falls back to the year `_quarto.yml` names, so it is built
    (and says what is not yet measured) before any institution has submitted; a later
    year with submissions wins. The demonstration edition reads its own submissions.
    """
    from analysis import paths
    from analysis.data import editions
    from analysis.errors import BuildError
    from analysis.pipeline.build_config import year_folders

    if text != "latest":
        try:
            return int(text)
        except ValueError as exc:
            raise BuildError(f"--year must be a year or 'latest', got {text!r}") from exc
    source = spec.overlay or data_dir
    folders = year_folders(source)
    years = [y for y, filled in folders.items() if filled]
    if not spec.overlay:
        configured = editions.default_year(paths.project_root())
        if configured is not None:
            years.append(configured)
    if not years:
        raise BuildError(f"{source / 'kt_metrics'}: no year folder holds a submission")
    year = max(years)
    for empty in (y for y, filled in folders.items() if not filled and y > year):
        print(
            f"note    {source / 'kt_metrics' / str(empty)} holds no submissions; "
            f"--year latest builds {year}",
            file=sys.stderr,
        )
    return year


def _preview(args: argparse.Namespace) -> int:
    """The live preview (`analysis.authoring.preview`): `report/` only with --publish, which adds the PDF."""
    import os

    from analysis import paths
    from analysis.authoring.preview import run_preview
    from analysis.authoring.preview_state import PreviewOptions
    from analysis.data import editions
    from analysis.errors import BuildError
    from analysis.pipeline.build_config import resolve_engine

    data_dir = _data_dir(args)
    spec = editions.edition(
        paths.project_root(), editions.DEMONSTRATION if args.demonstratie else editions.PUBLISHED
    )
    year = _edition_year(args.year, spec, data_dir)
    if args.publish:
        out_dir = args.out_dir or spec.out_dir or paths.default_out_dir()
        processed_dir = args.processed_dir or spec.processed_dir or paths.default_processed_dir()
    else:
        out_dir = args.out_dir or paths.preview_out_dir()
        processed_dir = args.processed_dir or paths.preview_processed_dir()
    out_dir = out_dir.resolve()
    # report/ always holds a whole report: building into it includes the PDF.
    pdf = args.pdf or args.publish or out_dir == paths.default_out_dir().resolve()
    display = sys.platform in ("darwin", "win32") or bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    options = PreviewOptions(
        year=year,
        project_dir=paths.project_root(),
        data_dir=data_dir,
        out_dir=out_dir,
        processed_dir=processed_dir.resolve(),
        port=args.port,
        pdf=pdf,
        engine=resolve_engine(args.renderer),
        open_browser=display and not args.no_browser,
        demo_data=spec.overlay,
    )
    try:
        return run_preview(options)
    except OSError as exc:
        if exc.filename is None and exc.errno in (98, 48, 10048):  # EADDRINUSE
            raise BuildError(
                f"port {args.port} on 127.0.0.1 is in use; choose another with --port"
            ) from exc
        raise


def _validate(args: argparse.Namespace) -> int:
    """Validate the data folder, or only `args.files`; exit 1 on errors, never on warnings."""
    import os

    from analysis import paths
    from analysis.atomic import atomic_write
    from analysis.data.validation import intake

    data_dir = (args.data_dir or paths.default_data_dir()).resolve()
    files: list[Path] | None = list(args.files) or None
    if args.files_from is not None:
        text = args.files_from.read_text(encoding="utf-8")
        names = text.split("\0") if "\0" in text else text.splitlines()
        files = [*args.files, *(Path(n) for n in names if n.strip())]
    result = intake.validate_files(data_dir, files)
    report = result.report
    findings = list(report.findings)
    if args.year is not None:
        from analysis.data.validation.context import year_coverage

        findings += year_coverage(data_dir, args.year)
    from analysis.data.input_files import printable

    for finding in findings:
        if args.format == "github":
            print(intake.annotation(finding, intake.repository_path(data_dir, finding.file)))
        elif finding.severity == "error" or args.warnings:
            stream = sys.stderr if finding.severity == "error" else sys.stdout
            print(printable(str(finding)), file=stream)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    where = (
        f"{len(files)} file(s) in {printable(str(data_dir))}"
        if files is not None
        else printable(str(data_dir))
    )
    print(f"{errors} error(s), {warnings} warning(s) in {where}")
    if args.summary is not None or (
        args.format == "github" and os.environ.get("GITHUB_STEP_SUMMARY")
    ):
        from analysis.publication.intake import summary_markdown

        text = summary_markdown(result, lambda label: intake.repository_path(data_dir, label))
        if args.summary is not None:
            atomic_write(args.summary, text)
        else:  # GitHub's step summary is one file per step that commands append to
            with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as handle:
                handle.write(text)
    if args.ontvangstbewijs is not None:
        from analysis.publication.intake import receipt_text

        atomic_write(args.ontvangstbewijs, receipt_text(result))
        print(f"ontvangstbewijs: {args.ontvangstbewijs}")
    return 1 if errors else 0


def _release(args: argparse.Namespace) -> int:
    """`analysis.pipeline.release`: refuses a year whose build failed or whose data have errors."""
    from analysis import paths
    from analysis.pipeline.release import resolve_year, run_release

    data_dir = (args.data_dir or paths.default_data_dir()).resolve()
    lines = run_release(
        (args.report_dir or paths.default_out_dir()).resolve(),
        resolve_year(args.year, data_dir),
        args.out.resolve(),
        data_dir=data_dir,
        site_out=args.site_out.resolve() if args.site_out is not None else None,
        dry_run=args.dry_run,
    )
    for line in lines:
        print(line)
    return 0


def _restore(args: argparse.Namespace) -> int:
    """`analysis.pipeline.release.restore_editions`; a folder stands for the archives in it."""
    from analysis import paths
    from analysis.pipeline.release import restore_editions

    archives: list[Path] = []
    for given in args.archives:
        if given.is_dir():
            archives += sorted(given.glob("valorisatiemonitor-*-editie.zip"))
        else:
            archives.append(given)
    report_dir = (args.report_dir or paths.default_out_dir()).resolve()
    for line in restore_editions(archives, report_dir):
        print(line)
    print(f"{len(archives)} archive(s) read into {report_dir}")
    return 0


def _update_reference(args: argparse.Namespace) -> int:
    """`analysis.data.adapters.reference_series`: nothing changes offline or on a bad response."""
    from analysis import paths
    from analysis.data.adapters.reference_series import update_reference

    data_dir = (args.data_dir or paths.default_data_dir()).resolve()
    for line in update_reference(data_dir, ecb_base=args.ecb_url, eurostat_base=args.eurostat_url):
        print(line)
    return 0


def _demo(args: argparse.Namespace) -> int:
    from analysis import paths
    from analysis.data import demo

    out = args.out or paths.project_root() / "data" / "demo"
    written = demo.run_demo(args.seed, args.years, out, n_institutions=args.institutions)
    print(f"{len(written)} demonstration submissions written to {out}")
    return 0


def _template(args: argparse.Namespace) -> int:
    from analysis.data import template

    for path in template.write_template(args.out, args.institution, args.year):
        print(path)
    return 0


def _import(args: argparse.Namespace) -> int:
    from analysis import paths

    data_dir = (args.data_dir or paths.default_data_dir()).resolve()
    if args.kind == "leiden-ranking":
        from analysis.data.adapters.leiden_ranking import writing

        result = writing.import_file(
            args.file,
            data_dir,
            edition=args.edition,
            period=args.period,
            field=args.field,
            counting=args.counting,
            source_id=args.source_id,
            share_unit=args.share_unit,
        )
        editions = ", ".join(str(e) for e in result.editions)
        print(
            f"{result.rows_written} rows (edition {editions}; periods "
            f"{', '.join(result.periods)}; mapped: {', '.join(result.mapped) or 'none'}) "
            f"written to {result.path} ({result.rows_total} rows in the table)"
        )
        if result.unmapped_dutch:
            print(
                "warning: Dutch universities without an institution_id (add their names to "
                f"NAME_TO_ID in analysis/data/adapters/leiden_ranking.py): "
                f"{', '.join(result.unmapped_dutch)}",
                file=sys.stderr,
            )
        return 0
    from analysis.data.adapters import kt_figures

    target, count = kt_figures.import_file(args.file, data_dir)
    print(f"{count} figures written to {target}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
