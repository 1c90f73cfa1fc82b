"""Study exercises of the core: losses, activation derivatives, Dense, and the training step of `fit`."""
from __future__ import annotations

from minigrad.study.exercise import Exercise, tests_in

LOSSES = (
    Exercise(
        "mae", "losses", "write the mean absolute error and its derivative",
        "e = y_pred - y_true\nelementwise(e) = abs(e)\nderivative(e) = sign(e)          # 0 at e == 0",
        tests_in("test_exercise_losses.py", "test_mae_value_is_the_mean_of_abs_e",
                 "test_mae_gradient_is_sign_e_over_n_and_zero_at_zero_error"),
    ),
    Exercise(
        "mse", "losses", "write the mean squared error and its derivative",
        "e = y_pred - y_true\nelementwise(e) = e ** 2\nderivative(e) = 2 * e",
        tests_in("test_exercise_losses.py", "test_mse_value_is_the_mean_of_e_squared",
                 "test_mse_gradient_is_2_e_over_n"),
    ),
    Exercise(
        "huber", "losses", "write the Huber loss and its derivative",
        "elementwise(e) = 0.5 * e ** 2 if abs(e) <= delta else delta * abs(e) - 0.5 * delta ** 2\n"
        "derivative(e) = clip(e, -delta, delta)",
        tests_in("test_exercise_losses.py", "test_huber_value_is_quadratic_up_to_delta_then_linear",
                 "test_huber_gradient_is_e_clipped_to_delta_over_n"),
    ),
)

ACTIVATIONS = (
    Exercise(
        "relu_derivative", "activations", "write the derivative of relu",
        "dy/dx = 1.0 if x > 0 else 0.0          # 0 at x == 0, as TensorFlow",
        tests_in("test_exercise_activations.py", "test_relu_derivative_is_one_for_positive_x_else_zero"),
    ),
    Exercise(
        "tanh_derivative", "activations", "write the derivative of tanh from its output y",
        "dy/dx = 1 - y ** 2",
        tests_in("test_exercise_activations.py", "test_tanh_derivative_is_one_minus_y_squared"),
    ),
    Exercise(
        "sigmoid_derivative", "activations", "write the derivative of the sigmoid from its output y",
        "dy/dx = y * (1 - y)",
        tests_in("test_exercise_activations.py", "test_sigmoid_derivative_is_y_times_one_minus_y"),
    ),
)

LAYERS = (
    Exercise(
        "dense_forward", "layers", "write Dense's forward pass and cache x, z and y for backward",
        "z = x @ kernel + bias          # no bias when use_bias=False\ny = activation(z)",
        tests_in("test_exercise_layers.py", "test_dense_forward_is_x_at_kernel_plus_bias",
                 "test_dense_forward_applies_the_activation_to_z", "test_dense_forward_without_bias"),
    ),
    Exercise(
        "dense_backward", "layers", "write Dense's backward pass: set self.grads and return dL/dx",
        "dz = activation.backward(dy, z, y)          # dy * activation'(z); dy itself for the linear activation\n"
        "self.grads = [x.T @ dz, dz.sum(axis=0)]     # [d_kernel, d_bias]; no d_bias when use_bias=False\n"
        "dx = dz @ kernel.T                          # returned for the layer below (None if not need_input_grad)",
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
        "write the training step, train_on_batch: forward, loss, backward (last layer first), update",
        "y_pred = self._forward(x)                               # each layer's forward, in order\n"
        "loss, grad = self.loss.value_and_gradient(y, y_pred)    # grad = dL/dy_pred\n"
        "gradients = self._backward(grad)   # each layer, last first: grad = layer.backward(grad); its grads\n"
        "self.optimizer.apply(gradients, self.trainable_variables)",
        tests_in("test_exercise_fit.py", "test_fit_step_one_sample_one_layer",
                 "test_fit_step_backpropagates_through_two_layers_last_first",
                 "test_fit_step_updates_after_every_batch"),
    ),
)
