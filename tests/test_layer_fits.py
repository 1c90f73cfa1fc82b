"""Whole fits of small MLPs with BatchNormalization, Dropout and Activation against real Keras 3 and tf.keras (legacy
optimizers), from tests/golden/layers.json: the weights after every epoch (moving statistics included) and the
history, to rtol 1e-5.

Keras draws Dropout's masks from its own random stream; the generator recorded each training step's mask, and
`ReplayedDropout` (a `Dropout` whose one random step, `draw_mask`, returns them in order) replays them, so a
Dropout fit can match Keras's too. Validation and prediction draw no mask, in Keras and here.
"""
import numpy as np
import pytest
from golden_fixtures import load
from golden_runner import assert_fit_case_matches, layer_from, run_fit_case

from minigrad.layers import Dropout

FIXTURE = load("layers")
CONVENTIONS = {"keras3": "keras3", "tf_keras": "legacy"}
CASES = [(namespace, case) for namespace in CONVENTIONS for case in FIXTURE[namespace]["fits"]]


class ReplayedDropout(Dropout):
    """A Dropout whose masks are the ones Keras drew, in order (one per training step)."""

    def __init__(self, masks, **config):
        super().__init__(**config)
        self.masks = iter(masks)

    def draw_mask(self, shape):
        mask = np.array(next(self.masks), dtype=bool)
        assert mask.shape == shape, f"recorded mask of shape {mask.shape} for a step drawing {shape}"
        return mask


def replaying(case, made):
    """A layer maker for `run_fit_case` that gives each Dropout of the case its recorded masks (and lists them in
    `made`)."""
    masks = iter(case.get("dropout_masks", []))

    def make_layer(spec):
        if spec.get("class_name") == "Dropout":
            made.append(ReplayedDropout(next(masks), **{k: v for k, v in spec.items() if k != "class_name"}))
            return made[-1]
        return layer_from(spec)

    return make_layer


@pytest.mark.parametrize("namespace, case", CASES, ids=[f"{n}-{c['id']}" for n, c in CASES])
def test_fit_matches_keras(namespace, case):
    """Also: each Dropout drew exactly Keras's number of masks (one per training step, none for validation)."""
    dropouts = []
    assert_fit_case_matches(case, *run_fit_case(case, CONVENTIONS[namespace], replaying(case, dropouts)))
    assert all(next(layer.masks, None) is None for layer in dropouts), "fewer masks drawn than Keras drew"


@pytest.mark.parametrize("namespace", CONVENTIONS)
def test_keras_drew_one_mask_per_training_step(namespace):
    """epochs x batches masks for each Dropout: Keras's validation at the end of each epoch drew none."""
    for case in FIXTURE[namespace]["fits"]:
        steps = case["epochs"] * -(-len(case["x"]) // case["batch_size"])
        assert all(len(masks) == steps for masks in case.get("dropout_masks", [])), case["id"]


def test_the_cases_cover_both_layers_activation_and_center_scale():
    layers = {spec.get("class_name", "Dense") for case in FIXTURE["keras3"]["fits"] for spec in case["layers"]}
    assert {"BatchNormalization", "Dropout", "Activation", "Dense"} <= layers
    assert sum("dropout_masks" in case for case in FIXTURE["keras3"]["fits"]) == 2
