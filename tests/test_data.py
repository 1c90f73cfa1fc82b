"""`train_test_split` gives scikit-learn's split (indices recorded from scikit-learn by the golden script)."""
import numpy as np
import pytest
from golden_fixtures import load

from minigrad.data import train_test_split

CASES = load("train_test_split")["cases"]
BY_ID = {case["id"]: case for case in CASES}


def _input(case):
    """np.arange(n), or for the article's second split the training part of its first split."""
    if "input" not in case:
        return np.arange(case["n"])
    field, _, source = case["input"].partition(" of ")  # e.g. "train_idx of article_n100_step1"
    return np.array(BY_ID[source][field])


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_split_matches_scikit_learn(case):
    train, test = train_test_split(_input(case), **case["kwargs"])
    np.testing.assert_array_equal(train, case["train_idx"])
    np.testing.assert_array_equal(test, case["test_idx"])


def test_split_keeps_pairs_of_arrays_aligned():
    x = np.arange(10)
    x_train, x_test, y_train, y_test = train_test_split(x, 2 * x + 5, test_size=0.3, random_state=1)
    np.testing.assert_array_equal(y_train, 2 * x_train + 5)
    np.testing.assert_array_equal(y_test, 2 * x_test + 5)


def test_test_fraction_is_rounded_up_and_train_gets_the_rest():
    """ceil(0.25 * 10) = 3 test samples, 7 train samples."""
    train, test = train_test_split(np.arange(10), test_size=0.25, shuffle=False)
    assert (len(train), len(test)) == (7, 3)


@pytest.mark.parametrize("kwargs", [{"test_size": 1.5}, {"test_size": 0.0}, {"test_size": 10}, {"train_size": -1}])
def test_sizes_out_of_range_raise(kwargs):
    with pytest.raises((ValueError, TypeError), match="size"):
        train_test_split(np.arange(10), **kwargs)
