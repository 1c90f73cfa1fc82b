"""Every study exercise, in the order a student meets them: losses, activations, Dense, the
optimizers (Keras 3, then legacy tf.keras, then PyTorch), the schedules, and the training step."""
from __future__ import annotations

from minigrad.study.core_exercises import ACTIVATIONS, FIT, LAYERS, LOSSES
from minigrad.study.exercise import Exercise
from minigrad.study.optimizer_exercises import LEGACY_OPTIMIZERS, OPTIMIZERS, TORCH_OPTIMIZERS
from minigrad.study.schedule_exercises import SCHEDULES

EXERCISES: tuple[Exercise, ...] = (*LOSSES, *ACTIVATIONS, *LAYERS, *OPTIMIZERS, *LEGACY_OPTIMIZERS,
                                   *TORCH_OPTIMIZERS, *SCHEDULES, *FIT)
