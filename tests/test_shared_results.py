"""Results shared by a build's notebooks (`analysis.shared_results`)."""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import shared_results
from analysis.methods.peer_gaps.peers import poisson_interval
from analysis.publication.formatting import number


@pytest.fixture
def build_cache(tmp_path: Path) -> Iterator[Path]:
    """A build's cache as the notebooks see it: the processed tables beside `shared/`."""
    (tmp_path / "processed").mkdir()
    (tmp_path / "shared").mkdir()
    assert shared_results.use_beside(tmp_path / "processed") == tmp_path / "shared"
    yield tmp_path / "shared"
    shared_results.use_beside(tmp_path / "nowhere" / "processed")


def test_outside_a_build_nothing_is_shared_or_written(tmp_path: Path) -> None:
    (tmp_path / "processed").mkdir()
    assert shared_results.use_beside(tmp_path / "processed") is None  # no shared/ folder
    low, high = shared_results.shared(poisson_interval, 4.0, level=0.95)
    assert (low, high) == poisson_interval(4.0, level=0.95)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]


def test_the_first_call_computes_and_keeps_the_next_reads(build_cache: Path) -> None:
    first = shared_results.shared(poisson_interval, 4.0, level=0.95)
    assert first == poisson_interval(4.0, level=0.95)
    assert (round(first[0], 2), round(first[1], 2)) == (1.09, 10.24)  # Garwood, 4 events
    kept = sorted(build_cache.glob("*.pickle"))
    assert len(kept) == 1 and pickle.loads(kept[0].read_bytes()) == first
    # What is kept is what the next call returns (here planted, to see it is read).
    kept[0].write_bytes(pickle.dumps((1.0, 2.0)))
    assert shared_results.shared(poisson_interval, 4.0, level=0.95) == (1.0, 2.0)
    # Other arguments are another result.
    other = shared_results.shared(poisson_interval, 4.0, level=0.9)
    assert other == poisson_interval(4.0, level=0.9) and other != first
    assert len(list(build_cache.glob("*.pickle"))) == 2


def test_a_damaged_result_is_computed_again(build_cache: Path) -> None:
    first = shared_results.shared(poisson_interval, 7.0)
    (kept,) = build_cache.glob("*.pickle")
    kept.write_bytes(b"not a pickle")
    assert shared_results.shared(poisson_interval, 7.0) == first
    assert pickle.loads(kept.read_bytes()) == first


def test_only_data_and_methods_results_are_shared(build_cache: Path) -> None:
    with pytest.raises(ValueError, match="only data and methods"):
        shared_results.shared(number, 1.5)
