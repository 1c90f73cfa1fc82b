"""Study exercises of the optimizers' `update_step`: Keras 3, legacy tf.keras and PyTorch conventions."""
from __future__ import annotations

from minigrad.study.exercise import Exercise, tests_in

OPTIMIZERS = (
    Exercise(
        "sgd", "optimizers", "write plain SGD's update",
        "theta = theta - lr * g",
        tests_in("test_exercise_optimizers.py", "test_sgd_one_step_is_theta_minus_lr_g",
                 "test_sgd_matches_keras_for_five_steps"),
    ),
    Exercise(
        "sgd_momentum", "optimizers", "write SGD's momentum and Nesterov updates",
        "v = momentum * v - lr * g\nif nesterov:\n    theta = theta + momentum * v - lr * g\nelse:\n    theta = theta + v",
        tests_in("test_exercise_optimizers.py", "test_momentum_two_steps_accumulate_the_velocity",
                 "test_nesterov_one_step_looks_ahead_along_the_velocity",
                 "test_sgd_momentum_matches_keras_for_five_steps"),
    ),
)
