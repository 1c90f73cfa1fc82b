"""Study exercises of the core: losses, activation derivatives, Dense, and the training step of `fit`."""
from __future__ import annotations

from minigrad.study.exercise import Exercise, tests_in

LOSSES = (
    Exercise(
        "mae", "losses", "write the mean absolute error and its derivative",
        "minigrad.losses:MeanAbsoluteError",
        tests_in("test_exercise_losses.py", "test_mae_value_is_the_mean_of_abs_e",
                 "test_mae_gradient_is_sign_e_over_n_and_zero_at_zero_error"),
    ),
    Exercise(
        "mse", "losses", "write the mean squared error and its derivative",
        "minigrad.losses:MeanSquaredError",
        tests_in("test_exercise_losses.py", "test_mse_value_is_the_mean_of_e_squared",
                 "test_mse_gradient_is_2_e_over_n"),
    ),
    Exercise(
        "huber", "losses", "write the Huber loss and its derivative",
        "minigrad.losses:Huber",
        tests_in("test_exercise_losses.py", "test_huber_value_is_quadratic_up_to_delta_then_linear",
                 "test_huber_gradient_is_e_clipped_to_delta_over_n"),
    ),
)

ACTIVATIONS = (
    Exercise(
        "relu_derivative", "activations", "write the derivative of relu",
        "minigrad.activations:relu_derivative",
        tests_in("test_exercise_activations.py", "test_relu_derivative_is_one_for_positive_x_else_zero"),
    ),
    Exercise(
        "tanh_derivative", "activations", "write the derivative of tanh from its output y",
        "minigrad.activations:tanh_derivative",
        tests_in("test_exercise_activations.py", "test_tanh_derivative_is_one_minus_y_squared"),
    ),
    Exercise(
        "sigmoid_derivative", "activations", "write the derivative of the sigmoid from its output y",
        "minigrad.activations:sigmoid_derivative",
        tests_in("test_exercise_activations.py", "test_sigmoid_derivative_is_y_times_one_minus_y"),
    ),
)

LAYERS = (
    Exercise(
        "dense_forward", "layers", "write Dense's forward pass and cache x, z and y for backward",
        "minigrad.layers:Dense.forward",
        tests_in("test_exercise_layers.py", "test_dense_forward_is_x_at_kernel_plus_bias",
                 "test_dense_forward_applies_the_activation_to_z", "test_dense_forward_without_bias"),
    ),
    Exercise(
        "dense_backward", "layers", "write Dense's backward pass: set self.grads and return dL/dx",
        "minigrad.layers:Dense.backward",
        tests_in("test_exercise_layers.py", "test_dense_backward_kernel_gradient_is_x_transposed_at_dy",
                 "test_dense_backward_bias_gradient_is_dy_summed_over_the_batch",
                 "test_dense_backward_input_gradient_is_dy_at_kernel_transposed",
                 "test_dense_backward_multiplies_dy_by_the_activation_derivative"),
        requires=("dense_forward",),
    ),
)

FIT = (
    Exercise(
        "fit_step", "fit",
        "write the training step, train_step: forward, loss, backward (last layer first), update",
        "minigrad.models:Sequential.train_step",
        tests_in("test_exercise_fit.py", "test_fit_step_one_sample_one_layer",
                 "test_fit_step_backpropagates_through_two_layers_last_first",
                 "test_fit_step_updates_after_every_batch"),
    ),
)
