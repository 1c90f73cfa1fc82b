"""Two-layer classifiers (ReLU hidden layer; softmax or sigmoid output; cross-entropy; "accuracy") against
real Keras 3 and tf.keras fits from tests/golden/fit_classifier.json: weights after every epoch and history."""
import pytest
from golden_fixtures import load
from golden_runner import assert_fit_case_matches, run_fit_case

FIXTURE = load("fit_classifier")


@pytest.mark.parametrize("case", FIXTURE["keras3"], ids=lambda c: c["id"])
def test_classifier_fit_matches_keras_3(case):
    assert_fit_case_matches(case, *run_fit_case(case, "keras3"))


@pytest.mark.parametrize("case", FIXTURE["legacy"], ids=lambda c: c["id"])
def test_classifier_fit_matches_tf_keras_legacy_optimizers(case):
    assert_fit_case_matches(case, *run_fit_case(case, "legacy"))


def test_the_fixture_covers_the_three_accuracies_and_both_optimizers():
    """categorical (one-hot), sparse (class indices) and binary (one sigmoid output); SGD momentum and Adam."""
    ids = {case["id"] for case in FIXTURE["keras3"]}
    assert ids == {f"{data}_{opt}" for data in ("classifier", "classifier_sparse", "binary_classifier")
                   for opt in ("sgd_lr0.1_momentum0.9", "adam_lr0.01")}
