"""Work on every core: results in input order, whatever the scheduling; background work in another process."""
import os

import pytest

from site_builder.base import parallel


def doubled(chunk):
    return [i * 2 for i in chunk]


def test_map_chunks_keeps_input_order_on_many_workers():
    items = list(range(1000))
    assert parallel.map_chunks(doubled, items, jobs=2) == [i * 2 for i in items]


def test_map_inherited_runs_functions_that_cannot_be_pickled():
    offset = 7
    items = list(range(200))
    assert parallel.map_inherited(lambda i: i + offset, items, jobs=2) == [i + offset for i in items]


def test_chunks_are_small_enough_to_balance_the_workers():
    assert parallel.chunk_size(10_000, 2) == 313
    assert parallel.chunk_size(3, 2) == 1


def test_in_background_runs_in_another_process_and_returns_the_result():
    result = parallel.in_background(os.getpid)
    assert result() != os.getpid() and result() == result()
    assert parallel.done(5)() == 5


def test_in_background_passes_errors_on():
    failing = parallel.in_background(int, "not a number")
    with pytest.raises(ValueError):
        failing()
