"""The command line: parse, refresh, eval, schema. Work lives in the modules;
this file only turns arguments into calls and results into exit codes.

Exit codes: 0 all parsed, 1 some files failed, 2 usage error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Vietnamese directives → typed records.")


@app.command()
def parse(
    paths: List[Path] = typer.Argument(..., help="Files or folders (recursive)."),
    out: Optional[Path] = typer.Option(None, "--out", help="Dataset folder for the Parquet tables."),
    format: str = typer.Option("parquet", "--format", help="parquet or jsonl (jsonl goes to stdout)."),
    jobs: int = typer.Option(0, "--jobs", help="Worker processes; 0 = all cores."),
    engine: str = typer.Option("local", "--engine", help="local or ray."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds allowed per document."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: on a terminal)."),
    max_mb: float = typer.Option(50, "--max-mb", help="Refuse files larger than this (MB)."),
    max_inflated_mb: float = typer.Option(200, "--max-inflated-mb", help="Refuse .docx archives inflating past this (MB)."),
) -> None:
    """Parse directives into Parquet tables (or JSON lines)."""
    from functools import partial

    from .batch import run_parse
    from .pipeline import parse_file
    from .readers import Limits

    if format not in ("parquet", "jsonl"):
        raise typer.BadParameter("--format must be parquet or jsonl")
    if format == "parquet" and out is None:
        raise typer.BadParameter("--out DIR is needed for --format parquet")
    if engine not in ("local", "ray"):
        raise typer.BadParameter("--engine must be local or ray")
    if engine == "local":  # Ray's own code may hand pandas objects to pyarrow in this process
        from .output import skip_pandas_probe

        skip_pandas_probe()
    limits = Limits(max_bytes=int(max_mb * 1024 * 1024), max_inflated_bytes=int(max_inflated_mb * 1024 * 1024),
                    max_seconds=timeout)
    code = run_parse(paths, out=out, fmt=format, jobs=jobs, engine=engine, timeout=timeout, progress=progress,
                     parse=partial(parse_file, limits=limits))
    raise typer.Exit(code)


@app.command()
def refresh(
    corpus: Path = typer.Argument(..., help="The corpus folder to keep in step with."),
    out: Path = typer.Option(..., "--out", help="The dataset folder (manifest beside the tables)."),
    jobs: int = typer.Option(0, "--jobs", help="Worker processes; 0 = all cores."),
    engine: str = typer.Option("local", "--engine", help="local or ray."),
    timeout: float = typer.Option(60.0, "--timeout", help="Seconds allowed per document."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress", help="Progress bar (default: on a terminal)."),
) -> None:
    """Reparse only what changed since the last run; replace the dataset atomically."""
    from .output import skip_pandas_probe
    from .refresh import run_refresh

    if engine not in ("local", "ray"):
        raise typer.BadParameter("--engine must be local or ray")
    if engine == "local":  # Ray's own code may hand pandas objects to pyarrow in this process
        skip_pandas_probe()
    raise typer.Exit(run_refresh(corpus, out=out, jobs=jobs, timeout=timeout, progress=progress, engine=engine))


@app.command("eval")
def eval_command(
    paths: List[Path] = typer.Argument(..., help="Documents (files or folders) to parse and score."),
    gold: Path = typer.Option(..., "--gold", help="Folder of gold JSON files, named like the documents."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the report as JSON."),
) -> None:
    """Score the parser against gold files (RECORDS.md rules): per-field P/R/F1 and micro-F1."""
    from .evaluate import evaluate_paths

    report = evaluate_paths(gold, paths)
    typer.echo(report.render())
    if json_out:
        json_out.write_text(json.dumps(report.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")


@app.command()
def coverage(paths: List[Path] = typer.Argument(..., help="Files or folders (recursive), no gold needed.")) -> None:
    """How often each field is found; every file must parse (exit 1 if one does not)."""
    from .coverage import coverage_of

    report = coverage_of(paths)
    typer.echo(report.render())
    raise typer.Exit(1 if report.failures else 0)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the Directive record."""
    from .records import Directive

    typer.echo(json.dumps(Directive.model_json_schema(), ensure_ascii=False, indent=1))


def main() -> None:
    app()


if __name__ == "__main__":
    main()
