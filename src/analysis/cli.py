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

    v = sub.add_parser("validate", help="validate the raw data only (exit 1 on errors)")
    v.add_argument("--data-dir", type=Path, default=None)
    v.add_argument("--warnings", action="store_true", help="also list warnings")
    v.add_argument(
        "--year",
        type=int,
        default=None,
        help="also check what a report on this year needs (price index, exchange rates)",
    )

    d = sub.add_parser("demo", help="write seeded demonstration submissions")
    d.add_argument("--seed", type=int, default=2026)
    d.add_argument("--years", type=_years, default=_years("2010-2025"))
    d.add_argument("--out", type=Path, required=True, help="folder for kt_metrics/<year>/*.csv")
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
    from analysis.build import guard
    from analysis.errors import BuildError, InputError

    try:
        with guard.stop_on_signals():
            if args.command == "build":
                return _build(args)
            if args.command == "preview":
                return _preview(args)
            if args.command == "validate":
                return _validate(args)
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
        from analysis.build.publish import os_error_line

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
    import os

    from analysis import paths
    from analysis.build.build_config import BuildConfig, resolve_engine, year_folders
    from analysis.build.pipeline import build
    from analysis.errors import BuildError

    data_dir = (args.data_dir or paths.default_data_dir()).resolve()
    if not data_dir.is_dir():
        raise BuildError(f"{data_dir}: --data-dir is not a folder")
    if args.year == "latest":
        folders = year_folders(data_dir)
        years = [y for y, filled in folders.items() if filled]
        if not years:
            raise BuildError(f"{data_dir / 'kt_metrics'}: no year folder holds a submission")
        year = years[-1]
        for empty in (y for y, filled in folders.items() if not filled and y > year):
            print(
                f"note    {data_dir / 'kt_metrics' / str(empty)} holds no submissions; "
                f"--year latest builds {year}",
                file=sys.stderr,
            )
    else:
        try:
            year = int(args.year)
        except ValueError as exc:
            raise BuildError(f"--year must be a year or 'latest', got {args.year!r}") from exc
    config = BuildConfig(
        year=year,
        project_dir=paths.project_root(),
        data_dir=data_dir,
        processed_dir=(args.processed_dir or paths.default_processed_dir()).resolve(),
        out_dir=(args.out_dir or paths.default_out_dir()).resolve(),
        engine=resolve_engine(args.renderer),
        force=args.force,
        quiet=args.quiet,
        jobs=args.jobs or os.cpu_count() or 1,
        pdf=not args.site_only,
    )
    build(config)
    return 0


def _preview(args: argparse.Namespace) -> int:
    """The live preview (`analysis.build.preview`): `report/` only with --publish, which adds the PDF."""
    import os

    from analysis import paths
    from analysis.build.build_config import available_years, resolve_engine
    from analysis.build.preview import run_preview
    from analysis.build.preview_state import PreviewOptions
    from analysis.errors import BuildError

    data_dir = (args.data_dir or paths.default_data_dir()).resolve()
    if not data_dir.is_dir():
        raise BuildError(f"{data_dir}: --data-dir is not a folder")
    if args.year == "latest":
        years = available_years(data_dir)
        if not years:
            raise BuildError(f"{data_dir / 'kt_metrics'}: no year folder holds a submission")
        year = years[-1]
    else:
        try:
            year = int(args.year)
        except ValueError as exc:
            raise BuildError(f"--year must be a year or 'latest', got {args.year!r}") from exc
    if args.publish:
        out_dir = args.out_dir or paths.default_out_dir()
        processed_dir = args.processed_dir or paths.default_processed_dir()
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
    from analysis import paths
    from analysis.data import validation

    data_dir = (args.data_dir or paths.default_data_dir()).resolve()
    report = validation.validate_data_dir(data_dir)
    findings = list(report.findings)
    if args.year is not None:
        from analysis.data.validation.context import year_coverage

        findings += year_coverage(data_dir, args.year)
    from analysis.data.input_files import printable

    for finding in findings:
        if finding.severity == "error" or args.warnings:
            stream = sys.stderr if finding.severity == "error" else sys.stdout
            print(printable(str(finding)), file=stream)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    print(f"{errors} error(s), {warnings} warning(s) in {printable(str(data_dir))}")
    return 1 if errors else 0


def _demo(args: argparse.Namespace) -> int:
    from analysis.data import demo

    written = demo.run_demo(args.seed, args.years, args.out, n_institutions=args.institutions)
    print(f"{len(written)} demonstration submissions written to {args.out}")
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
        from analysis.data.adapters import leiden_ranking

        result = leiden_ranking.import_file(
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
