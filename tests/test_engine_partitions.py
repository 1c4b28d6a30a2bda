"""The parallel engines' partitions (``base.partitions``): consecutive items, none lost or moved,
at most ``size`` each, and, when the corpus size is known, a run that ends in small partitions so
that the workers run out of work together."""

from __future__ import annotations

import pytest

from newstrace.engines import base


@pytest.mark.parametrize("total,workers", [(500, 2), (150, 2), (40, 2), (5000, 4), (7, 2), (1, 1)])
def test_partitions_keep_every_item_in_order_and_end_small(total, workers):
    size = base.partition_size(32, total, workers)
    parts = list(base.partitions(range(total), size, total, workers))
    assert [x for p in parts for x in p] == list(range(total))
    assert all(1 <= len(p) <= size for p in parts)
    if size > base.TAIL_MIN:
        # the last partitions are small: no worker is left with a full partition at the end
        assert all(len(p) <= base.TAIL_MIN for p in parts[-workers:])
        tail = [len(p) for p in parts if len(p) < size]
        assert tail == sorted(tail, reverse=True)  # they shrink, they do not grow back


def test_partitions_without_a_known_total_are_full():
    parts = list(base.partitions(iter(range(70)), 16))
    assert [len(p) for p in parts] == [16, 16, 16, 16, 6]


def test_partitions_of_a_resumed_run_stay_whole():
    """A resumed run yields fewer items than ``total`` (stored ones are skipped): partitions are
    then as large as allowed until the estimate says the end is near, never empty or longer."""
    parts = list(base.partitions(range(30), 8, 200, 2))
    assert [x for p in parts for x in p] == list(range(30))
    assert [len(p) for p in parts] == [8, 8, 8, 6]

