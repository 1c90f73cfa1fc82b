"""Each study milestone trains: the student's own code runs a real fit and must follow the trajectory real Keras
recorded (tests/golden/fit_*.json), epoch by epoch. A solution that passes its unit tests but does not train
(a gradient written into an array nobody reads, an update that rebinds instead of changing the weights) fails here.
"""
from golden_fixtures import load
from golden_runner import assert_fit_case_matches, run_fit_case


def fit_case(fixture, case_id):
    return next(case for case in load(fixture)["cases"] if case["id"] == case_id)


def assert_trains_like(fixture, convention, case_id):
    case = fit_case(fixture, case_id)
    assert_fit_case_matches(case, *run_fit_case(case, convention))


def test_milestone_1_trains_e1_like_keras():
    """mae, dense_forward, dense_backward, sgd, fit_step: the article's E1 (SGD(0.1), 100 epochs) as Keras 3 ran it."""
    assert_trains_like("fit_keras3", "keras3", "sgd_lr0.1_e1_100epochs")


def test_milestone_2_trains_with_momentum_and_decay_like_keras():
    """sgd_momentum and inverse_time_decay: SGD with momentum 0.9 (Keras 3), the article's decay= (tf.keras), and
    InverseTimeDecay."""
    assert_trains_like("fit_keras3", "keras3", "sgd_momentum0.9_lr0.001")
    assert_trains_like("fit_legacy", "legacy", "sgd_lr0.01_decay0.01_e4")
    assert_trains_like("fit_keras3", "keras3", "sgd_inverse_time_decay")


def test_milestone_3_trains_with_the_keras_schedules():
    """exponential_decay, piecewise_constant_decay, polynomial_decay, cosine_decay: SGD driven by each schedule."""
    for case_id in ("sgd_exponential_decay", "sgd_piecewise_constant", "sgd_polynomial_decay",
                    "sgd_cosine_decay_warmup"):
        assert_trains_like("fit_keras3", "keras3", case_id)


def test_milestone_4_trains_with_the_adaptive_optimizers():
    """rmsprop, adagrad, adam, nadam with Keras's defaults, and Adam on f(x) = 2x + 5 for 100 epochs (E7's setting)."""
    for case_id in ("rmsprop_defaults", "adagrad_defaults", "adam_defaults", "nadam_defaults",
                    "linear_adam_defaults_100epochs"):
        assert_trains_like("fit_keras3", "keras3", case_id)
