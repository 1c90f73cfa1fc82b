"""Saving and loading models, as `keras.saving` names it: one `.npz` file per model (see `model_file`)."""
from __future__ import annotations

from minigrad.model_file import load_weights, save_model, save_weights
from minigrad.models import load_model

__all__ = ["load_model", "load_weights", "save_model", "save_weights"]
