"""Every study exercise, grouped in milestones that each end with something that trains.

1. MAE, Dense forward and backward, plain SGD and the training step: the student then runs the article's E1 and
   sees its first figure drawn by their own code. 2. Momentum and decay (E2 to E4). 3. The Keras schedules (E5).
4. RMSprop, Adagrad, Adam, Nadam (E6 to E10). Then a bonus track: the other losses and activations, the legacy
tf.keras and PyTorch variants, Adamax, Adadelta, the restarts, cyclical and one-cycle schedules.
"""
from __future__ import annotations

from minigrad.study.core_exercises import ACTIVATIONS, FIT, LAYERS, LOSSES
from minigrad.study.exercise import Exercise, Milestone
from minigrad.study.optimizer_exercises import LEGACY_OPTIMIZERS, OPTIMIZERS, TORCH_OPTIMIZERS
from minigrad.study.schedule_exercises import SCHEDULES

_TRAINS = "tests/test_exercise_milestones.py::test_milestone_{}"
MILESTONES: tuple[Milestone, ...] = (
    Milestone("1", "train the article's E1 with your own code", ("mae", "dense_forward", "dense_backward", "sgd",
                                                                 "fit_step"),
              _TRAINS.format("1_trains_e1_like_keras"), "python -m minigrad reproduce --only E1,E2,E3",
              ("E1 uses SGD(0.1): why does its MAE never settle, while E2's (0.001) does? (look at W per epoch: how "
               "far does one step move W?)",)),
    Milestone("2", "momentum and decay (E2 to E4)", ("sgd_momentum", "inverse_time_decay"),
              _TRAINS.format("2_trains_with_momentum_and_decay_like_keras"),
              "python -m minigrad reproduce --only E4,E9",
              ("E4's rate falls like 1 / (1 + 0.01 k): after how many updates is it E2's 0.001, and why does W still "
               "fluctuate at the end?",)),
    Milestone("3", "the Keras schedules (E5)", ("exponential_decay", "piecewise_constant_decay", "polynomial_decay",
                                                "cosine_decay"),
              _TRAINS.format("3_trains_with_the_keras_schedules"), "python -m minigrad reproduce --only E5",
              ("The article's lr_schedule gives 0.02 for five epochs and then 0.0001: which branches never fire, and "
               "what does the learning-rate panel of E5 show?",)),
    Milestone("4", "the adaptive optimizers (E6 to E10)", ("rmsprop", "adagrad", "adam", "nadam"),
              _TRAINS.format("4_trains_with_the_adaptive_optimizers"),
              "python -m minigrad reproduce --only E6,E7,E8,E9,E10",
              ("In E7 and E8, why does the bias b crawl towards 5 while W fits fast? (Adam moves each weight by about "
               "lr per step: count the steps.)",
               "Why does more data (E8: 1,000 points) bring b closer to 5 than E7 (100 points)?")),
)

_BY_ID = {e.id: e for e in (*LOSSES, *ACTIVATIONS, *LAYERS, *OPTIMIZERS, *LEGACY_OPTIMIZERS, *TORCH_OPTIMIZERS,
                            *SCHEDULES, *FIT)}
_IN_MILESTONES = [exercise_id for milestone in MILESTONES for exercise_id in milestone.exercises]
BONUS = Milestone("bonus", "the bonus track: other losses and activations, legacy tf.keras and PyTorch variants, "
                  "more optimizers and schedules", tuple(i for i in _BY_ID if i not in _IN_MILESTONES), None, None, ())
MILESTONES = (*MILESTONES, BONUS)

EXERCISES: tuple[Exercise, ...] = tuple(_BY_ID[exercise_id] for milestone in MILESTONES
                                        for exercise_id in milestone.exercises)

