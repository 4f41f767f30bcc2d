"""The build's last reads of the whole index (ranked lists, kept counts), on every core.

Each is one function fn(conn, item, shared) mapped over many terms. `each`
runs it in this process on the database being built; `each_in_processes`
in processes of their own, each with its own read-only connection to a
database file that is committed and not yet in place (a full build's copy),
so that the terms are read side by side. They are forked after `shared` is
made, so they hold it without its being sent to them.
"""
import concurrent.futures
import itertools
import multiprocessing
import sqlite3

IN_FLIGHT_PER_PROCESS = 4  # items handed out ahead of their results: a result is read as it comes
_TASK = None  # a forked process's (connection, fn, shared)


def each(conn):
    """each(fn, items, shared): fn(conn, item, shared) for every item, here."""
    def run(fn, items, shared=None):
        return (fn(conn, item, shared) for item in items)
    return run


def each_in_processes(path, processes: int):
    """each(fn, items, shared): fn(connection, item, shared) for every item, in no set order,
    in `processes` processes reading the database at path. A process that dies (killed, out of
    memory) raises concurrent.futures.process.BrokenProcessPool."""
    def run(fn, items, shared=None):
        items = list(items)
        if processes < 2 or len(items) < 2:
            conn = _reader(path)
            try:
                yield from each(conn)(fn, items, shared)
            finally:
                conn.close()
            return
        # An executor, not a multiprocessing.Pool, which hangs for ever when one of its processes dies.
        with concurrent.futures.ProcessPoolExecutor(min(processes, len(items)), multiprocessing.get_context("fork"),
                                                    initializer=_start, initargs=(path, fn, shared)) as pool:
            todo = iter(items)
            pending = {pool.submit(_call, item) for item in itertools.islice(todo, processes * IN_FLIGHT_PER_PROCESS)}
            while pending:
                done, pending = concurrent.futures.wait(pending, return_when=concurrent.futures.FIRST_COMPLETED)
                for future in done:
                    pending.update(pool.submit(_call, item) for item in itertools.islice(todo, 1))
                    yield future.result()
    return run


def _reader(path):
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _start(path, fn, shared):
    global _TASK
    _TASK = (_reader(path), fn, shared)


def _call(item):
    conn, fn, shared = _TASK
    return fn(conn, item, shared)
