"""`--engine ray`: the same `parse_one` per file, run on Ray Data instead of local processes.

    pip install 'directive-parser[ray]'
    RAY_ADDRESS=ray://head:10001 directive-parser parse /data/corpus --out out --engine ray

Ray Data maps `outcome_of` (hence `parse_one`) over the work items on the
cluster's workers; the outcomes stream back to this process in input order
(`preserve_order`) and go through the same `DatasetWriter` as the local
engine, so the tables are identical. Without `RAY_ADDRESS` a local Ray
instance is started. The files must be readable at the same path on every
worker (a shared file system).
"""

from __future__ import annotations

import pickle
import sys
from typing import Iterator, Optional, Sequence

INSTALL_HINT = "--engine ray needs Ray: pip install 'directive-parser[ray]'"


def ray_available_or_message() -> Optional[str]:
    """None when Ray Data imports; otherwise the message telling the user what to install."""
    try:
        import ray  # noqa: F401
        import ray.data  # noqa: F401
    except ImportError:
        return INSTALL_HINT
    return None


def engine_usable(engine: str) -> bool:
    """False (after telling the user on stderr) when `--engine ray` was asked for without Ray installed."""
    problem = ray_available_or_message() if engine == "ray" else None
    if problem:
        print(f"error: {problem}", file=sys.stderr)
    return problem is None


def _map_row(row: dict, want: str, timeout: Optional[float], parse) -> dict:
    from .batch import WorkItem, outcome_of

    outcome = outcome_of(WorkItem(row["path"], row["root"]), want, timeout, parse)
    # Pickled: an outcome's rows are nested and sparse; Ray only needs to move the bytes.
    return {"index": row["index"], "outcome": pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)}


def iter_outcomes_ray(items: Sequence, timeout: Optional[float], want: str = "rows", parse=None) -> Iterator:
    """Outcomes of `items`, in order, computed by Ray Data tasks."""
    import ray
    import ray.data

    if not ray.is_initialized():
        ray.init(ignore_reinit_error=True, include_dashboard=False, log_to_driver=False)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    context.enable_progress_bars = False
    if not items:
        return
    rows = [{"index": i, "path": item.path, "root": item.root} for i, item in enumerate(items)]
    dataset = ray.data.from_items(rows, override_num_blocks=max(1, min(len(rows), 200))).map(
        _map_row, fn_kwargs={"want": want, "timeout": timeout, "parse": parse}
    )
    expected = 0
    for row in dataset.iter_rows():
        outcome = pickle.loads(row["outcome"])
        if row["index"] != expected:  # preserve_order makes this impossible; fail loudly rather than reorder
            raise RuntimeError(f"Ray returned item {row['index']} where {expected} was expected")
        expected += 1
        yield outcome
