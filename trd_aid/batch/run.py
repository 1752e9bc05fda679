"""Run a batch: read the rows in chunks, judge each chunk (here, or in worker processes), and write
the chunks' text in input order as each is ready.

Memory stays flat: the reader streams, at most `2 * jobs` chunks are in flight, and each chunk's
text is written as soon as every chunk before it has been. The text of a chunk is made where it
is judged (a worker sends back bytes, not rows), so `--jobs 2` writes exactly the bytes that
`--jobs 1` writes.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from itertools import islice

from trd_aid.batch.output import formatter
from trd_aid.batch.rows import Job, judge, new_job
from trd_aid.batch.sources import Item, Source
from trd_aid.errors import InputError

# Rows per chunk: large enough that sending a chunk to a worker costs little beside judging it,
# small enough that the first rows come out at once and the in-flight chunks stay a few MB.
CHUNK_ROWS = 256


class WorkerError(Exception):
    """A worker process stopped (killed, or out of memory): not the input's fault."""


@dataclass
class Counts:
    rows: int = 0
    errors: int = 0


class ChunkJudge:
    """Judges chunks of rows and renders them as the output's bytes; one per process."""

    def __init__(self, job: Job, fmt: str) -> None:
        self.job = job
        self.fmt = fmt
        self.header, self._render = formatter(fmt, job)

    def __call__(self, chunk: Sequence[Item]) -> tuple[bytes, int]:
        rows = [judge(item.finish(), self.job) for item in chunk]
        errors = sum(1 for row in rows if row["error"] is not None)
        return self._render(rows).encode("utf-8"), errors


_WORKER: ChunkJudge | None = None


def _start_worker(definition: str, options: bool, fmt: str) -> None:
    """In each worker process, once: Ctrl-C is the parent's to handle, and the knowledge base is
    loaded here (a forked worker inherits the parent's, already loaded)."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = ChunkJudge(new_job(definition, options), fmt)


def _in_worker(chunk: Sequence[Item]) -> tuple[bytes, int]:
    assert _WORKER is not None
    return _WORKER(chunk)


def chunked(items: Iterable[Item], size: int = CHUNK_ROWS) -> Iterator[list[Item]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def cpu_jobs(jobs: int) -> int:
    """--jobs 0 means one per CPU this process may use."""
    if jobs > 0:
        return jobs
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return len(usable) if usable else os.cpu_count() or 1


def run_batch(
    source: Source,
    write: Callable[[bytes], object],
    *,
    job: Job,
    fmt: str,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    chunk_rows: int = CHUNK_ROWS,
) -> Counts:
    """Judge every row of `source` and `write` the output, in input order. `progress(rows, bytes
    read)` is called after each chunk. An input with no history at all is an `InputError`."""
    judge_chunk = ChunkJudge(job, fmt)
    counts = Counts()

    def emit(text: bytes, size: int, errors: int) -> None:
        if counts.rows == 0 and judge_chunk.header:
            write(judge_chunk.header.encode("utf-8"))
        write(text)
        counts.rows += size
        counts.errors += errors
        if progress is not None:
            progress(counts.rows, source.consumed)

    if jobs <= 1:
        for chunk in chunked(source.items(), chunk_rows):
            text, errors = judge_chunk(chunk)
            emit(text, len(chunk), errors)
    else:
        _in_workers(chunked(source.items(), chunk_rows), judge_chunk, jobs, emit)
    if counts.rows == 0:
        raise InputError(
            f"{source.name} holds no histories; give one JSON object per line (JSONL) or a YAML list of histories"
        )
    return counts


def _in_workers(
    chunks: Iterator[list[Item]], judge_chunk: ChunkJudge, jobs: int, emit: Callable[[bytes, int, int], None]
) -> None:
    """Judge chunks in `jobs` processes, at most two chunks each in flight, and emit them in order."""
    job, fmt = judge_chunk.job, judge_chunk.fmt
    pool = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(job.definition, job.options, fmt))
    pending: deque[tuple[Future[tuple[bytes, int]], int]] = deque()

    def oldest() -> None:
        future, size = pending.popleft()
        try:
            text, errors = future.result()
        except BrokenProcessPool:
            raise WorkerError("a worker process stopped unexpectedly (out of memory, or killed)") from None
        emit(text, size, errors)

    try:
        for chunk in chunks:
            pending.append((pool.submit(_in_worker, chunk), len(chunk)))
            if len(pending) >= 2 * jobs:
                oldest()
        while pending:
            oldest()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
