"""Every study exercise, grouped in milestones that each end with something that trains."""
from __future__ import annotations

from minigrad.study.exercise import Exercise, Milestone


def _exercise(exercise_id: str, group: str, task: str, source: str, *tests: str,
              requires: tuple[str, ...] = (), formula_number: int = 0) -> Exercise:
    """An exercise whose `tests` are names in `tests/test_exercise_<group>.py`; an optimizer's last test moves a
    kernel and a bias together (`test_<id>_moves_a_kernel_and_a_bias_together_as_each_alone`)."""
    node_ids = tuple(f"tests/test_exercise_{group}.py::{name}" for name in tests)
    return Exercise(exercise_id, group, task, source, node_ids, requires, formula_number)


def _optimizer(exercise_id: str, group: str, task: str, source: str, *tests: str,
               formula_number: int = 0) -> Exercise:
    together = f"test_{exercise_id}_moves_a_kernel_and_a_bias_together_as_each_alone"
    return _exercise(exercise_id, group, task, source, *tests, together,
                     requires=("torch_adam",) if exercise_id == "torch_adamw" else (), formula_number=formula_number)


_ALL = (
    # The core: losses, activation derivatives, Dense.
    _exercise("mae", "losses", "write the mean absolute error and its derivative", "minigrad.losses:MeanAbsoluteError",
              "test_mae_value_is_the_mean_of_abs_e", "test_mae_gradient_is_sign_e_over_n_and_zero_at_zero_error",
              "test_mae_averages_over_samples_and_outputs_and_is_flat_at_zero_error"),
    _exercise("mse", "losses", "write the mean squared error and its derivative", "minigrad.losses:MeanSquaredError",
              "test_mse_value_is_the_mean_of_e_squared", "test_mse_gradient_is_2_e_over_n",
              "test_mse_averages_over_samples_and_outputs"),
    _exercise("huber", "losses", "write the Huber loss and its derivative", "minigrad.losses:Huber",
              "test_huber_value_is_quadratic_up_to_delta_then_linear",
              "test_huber_gradient_is_e_clipped_to_delta_over_n",
              "test_huber_at_exactly_plus_and_minus_delta_and_over_two_outputs"),
    _exercise("relu_derivative", "activations", "write the derivative of relu", "minigrad.activations:relu_derivative",
              "test_relu_derivative_is_one_for_positive_x_else_zero"),
    _exercise("tanh_derivative", "activations", "write the derivative of tanh from its output y",
              "minigrad.activations:tanh_derivative", "test_tanh_derivative_is_one_minus_y_squared"),
    _exercise("sigmoid_derivative", "activations", "write the derivative of the sigmoid from its output y",
              "minigrad.activations:sigmoid_derivative", "test_sigmoid_derivative_is_y_times_one_minus_y"),
    _exercise("dense_forward", "layers", "write Dense's forward pass and cache x, z and y for backward",
              "minigrad.layers:Dense.forward", "test_dense_forward_is_x_at_kernel_plus_bias",
              "test_dense_forward_applies_the_activation_to_z", "test_dense_forward_without_bias",
              "test_dense_forward_keeps_x_z_and_y_for_the_backward_pass",
              "test_dense_forward_through_two_layers_with_and_without_bias"),
    _exercise("dense_backward", "layers", "write Dense's backward pass: set self.grads and return dL/dx",
              "minigrad.layers:Dense.backward", "test_dense_backward_kernel_gradient_is_x_transposed_at_dy",
              "test_dense_backward_bias_gradient_is_dy_summed_over_the_batch",
              "test_dense_backward_input_gradient_is_dy_at_kernel_transposed",
              "test_dense_backward_multiplies_dy_by_the_activation_derivative",
              "test_dense_backward_without_bias_gives_the_kernel_gradient_only",
              "test_dense_backward_returns_none_when_the_input_gradient_is_not_needed",
              "test_dense_backward_through_two_layers_gives_one_gradient_per_weight", requires=("dense_forward",)),
    # The optimizers' `update_step`: Keras 3, then legacy tf.keras where it computes differently, then PyTorch.
    _optimizer("sgd", "optimizers", "write plain SGD's update", "minigrad.optimizers.sgd:SGD",
              "test_sgd_one_step_is_theta_minus_lr_g", "test_sgd_matches_keras_for_five_steps"),
    _optimizer("sgd_momentum", "optimizers", "write SGD's momentum and Nesterov updates", "minigrad.optimizers.sgd:SGD",
              "test_momentum_two_steps_accumulate_the_velocity",
              "test_momentum_keeps_the_learning_rate_inside_the_velocity_when_it_changes",
              "test_nesterov_one_step_looks_ahead_along_the_velocity",
              "test_sgd_momentum_matches_keras_for_five_steps", formula_number=1),
    _optimizer("rmsprop", "optimizers", "write RMSprop's update (Keras 3: epsilon inside the root)",
              "minigrad.optimizers.rmsprop:RMSprop", "test_rmsprop_one_step_divides_by_the_root_of_v_plus_epsilon",
              "test_rmsprop_matches_keras_for_five_steps"),
    _optimizer("adagrad", "optimizers", "write Adagrad's update (Keras 3: epsilon inside the root)",
              "minigrad.optimizers.adagrad:Adagrad", "test_adagrad_one_step_adds_g_squared_to_the_accumulator",
              "test_adagrad_matches_keras_for_five_steps"),
    _optimizer("adam", "optimizers", "write Adam's update with Keras's bias-corrected step size",
              "minigrad.optimizers.adam:Adam", "test_adam_one_step_with_bias_correction",
              "test_adam_matches_keras_for_five_steps"),
    _optimizer("nadam", "optimizers", "write Nadam's momentum product (prepare_step) and update",
              "minigrad.optimizers.nadam:Nadam", "test_nadam_one_step_with_the_momentum_schedule",
              "test_nadam_matches_keras_for_five_steps"),
    _optimizer("adamax", "optimizers", "write Adamax's update (a running maximum instead of v)",
              "minigrad.optimizers.adamax:Adamax", "test_adamax_one_step_divides_by_the_running_max_of_abs_g",
              "test_adamax_matches_keras_for_five_steps"),
    _optimizer("adadelta", "optimizers", "write Adadelta's update", "minigrad.optimizers.adadelta:Adadelta",
              "test_adadelta_one_step_scales_by_the_ratio_of_the_two_roots",
              "test_adadelta_matches_keras_for_five_steps"),
    _optimizer("legacy_rmsprop", "legacy",
              "write legacy tf.keras RMSprop's update (where epsilon goes depends on momentum)",
              "minigrad.optimizers.rmsprop:LegacyRMSprop",
              "test_legacy_rmsprop_puts_epsilon_outside_the_root_without_momentum",
              "test_legacy_rmsprop_puts_epsilon_inside_the_root_with_momentum",
              "test_legacy_rmsprop_matches_tf_keras_for_five_steps"),
    _optimizer("legacy_adagrad", "legacy", "write legacy tf.keras Adagrad's update (epsilon outside the root)",
              "minigrad.optimizers.adagrad:LegacyAdagrad", "test_legacy_adagrad_puts_epsilon_outside_the_root",
              "test_legacy_adagrad_matches_tf_keras_for_five_steps"),
    _optimizer("legacy_nadam", "legacy", "write legacy tf.keras Nadam's momentum cache (prepare_step) and update",
              "minigrad.optimizers.nadam:LegacyNadam", "test_legacy_nadam_one_step_with_the_schedule_decay",
              "test_legacy_nadam_matches_tf_keras_for_five_steps"),
    _optimizer("torch_sgd", "pytorch", "write torch.optim SGD's update (lr outside the momentum buffer)",
              "minigrad.optimizers.sgd:TorchSGD", "test_torch_sgd_momentum_starts_the_buffer_at_g_then_dampens",
              "test_torch_sgd_nesterov_steps_along_g_plus_momentum_times_b",
              "test_torch_sgd_matches_pytorch_for_five_steps"),
    _optimizer("torch_rmsprop", "pytorch", "write torch.optim RMSprop's update (eps outside the root)",
              "minigrad.optimizers.rmsprop:TorchRMSprop", "test_torch_rmsprop_puts_eps_outside_the_root",
              "test_torch_rmsprop_matches_pytorch_for_five_steps"),
    _optimizer("torch_adagrad", "pytorch", "write torch.optim Adagrad's update with lr_decay",
              "minigrad.optimizers.adagrad:TorchAdagrad", "test_torch_adagrad_decays_the_learning_rate_with_lr_decay",
              "test_torch_adagrad_matches_pytorch_for_five_steps"),
    _optimizer("torch_adam", "pytorch", "write torch.optim Adam's update (eps after the bias correction)",
              "minigrad.optimizers.adam:TorchAdam", "test_torch_adam_adds_eps_after_the_bias_correction",
              "test_torch_adam_matches_pytorch_for_five_steps"),
    _optimizer("torch_adamw", "pytorch", "write AdamW's decoupled weight decay (apply_weight_decay)",
              "minigrad.optimizers.adam:TorchAdamW", "test_torch_adamw_shrinks_theta_before_the_adam_step",
              "test_torch_adamw_matches_pytorch_for_five_steps"),
    _optimizer("torch_nadam", "pytorch", "write torch.optim NAdam's momentum product (prepare_step) and update",
              "minigrad.optimizers.nadam:TorchNAdam", "test_torch_nadam_one_step",
              "test_torch_nadam_matches_pytorch_for_five_steps"),
    _optimizer("torch_adamax", "pytorch", "write torch.optim Adamax's update (eps inside the running max)",
              "minigrad.optimizers.adamax:TorchAdamax", "test_torch_adamax_puts_eps_inside_the_running_max",
              "test_torch_adamax_matches_pytorch_for_five_steps"),
    _optimizer("torch_adadelta", "pytorch", "write torch.optim Adadelta's update",
              "minigrad.optimizers.adadelta:TorchAdadelta", "test_torch_adadelta_one_step",
              "test_torch_adadelta_matches_pytorch_for_five_steps"),
    # The learning-rate schedules: Keras's decays (float32, as Keras computes them), torch's cyclical and one-cycle.
    _exercise("exponential_decay", "schedules", "write ExponentialDecay",
              "minigrad.optimizers.schedules.exponential:ExponentialDecay",
              "test_exponential_decay_is_initial_times_rate_to_the_step_over_decay_steps",
              "test_exponential_decay_staircase_floors_the_exponent", "test_exponential_decay_matches_keras"),
    _exercise("inverse_time_decay", "schedules", "write InverseTimeDecay (the article's decay= with decay_steps=1)",
              "minigrad.optimizers.schedules.exponential:InverseTimeDecay",
              "test_inverse_time_decay_divides_by_one_plus_rate_times_step_over_decay_steps",
              "test_inverse_time_decay_matches_keras"),
    _exercise("piecewise_constant_decay", "schedules", "write PiecewiseConstantDecay",
              "minigrad.optimizers.schedules.piecewise:PiecewiseConstantDecay",
              "test_piecewise_constant_decay_boundary_step_keeps_the_earlier_value",
              "test_piecewise_constant_decay_matches_keras"),
    _exercise("polynomial_decay", "schedules", "write PolynomialDecay, with and without cycle",
              "minigrad.optimizers.schedules.polynomial:PolynomialDecay",
              "test_polynomial_decay_falls_to_the_end_rate_then_stays",
              "test_polynomial_decay_cycle_stretches_the_horizon_to_the_next_multiple",
              "test_polynomial_decay_matches_keras"),
    _exercise("cosine_decay", "schedules", "write CosineDecay and its linear warmup",
              "minigrad.optimizers.schedules.cosine:CosineDecay",
              "test_cosine_decay_follows_half_a_cosine_down_to_alpha",
              "test_cosine_decay_warms_up_linearly_to_the_target_first", "test_cosine_decay_matches_keras"),
    _exercise("cosine_decay_restarts", "schedules", "write CosineDecayRestarts (SGDR)",
              "minigrad.optimizers.schedules.cosine:CosineDecayRestarts",
              "test_cosine_decay_restarts_second_period_is_t_mul_longer_and_m_mul_lower",
              "test_cosine_decay_restarts_matches_keras"),
    _exercise("cyclical", "schedules", "write the cyclical learning rate (torch's CyclicLR) and its momentum",
              "minigrad.optimizers.schedules.cyclical:CyclicalLearningRate",
              "test_cyclical_triangle_rises_for_step_size_up_then_falls",
              "test_cyclical_triangular2_halves_the_height_each_cycle", "test_cyclical_matches_torch_cyclic_lr"),
    _exercise("one_cycle", "schedules", "write the one-cycle annealing (torch's OneCycleLR)",
              "minigrad.optimizers.schedules.one_cycle:OneCycle",
              "test_one_cycle_rises_to_the_peak_then_anneals_to_the_minimum",
              "test_one_cycle_matches_torch_one_cycle_lr"),
    # The training step of `fit`.
    _exercise("fit_step", "fit",
              "write the training step, train_step: forward, loss, backward (last layer first), update",
              "minigrad.models:Sequential.train_step", "test_fit_step_one_sample_one_layer",
              "test_fit_step_backpropagates_through_two_layers_last_first", "test_fit_step_updates_after_every_batch"),
)

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

BY_ID = {e.id: e for e in _ALL}
_IN_MILESTONES = [exercise_id for milestone in MILESTONES for exercise_id in milestone.exercises]
BONUS = Milestone("bonus", "the bonus track: other losses and activations, legacy tf.keras and PyTorch variants, "
                  "more optimizers and schedules", tuple(i for i in BY_ID if i not in _IN_MILESTONES), None, None, ())
MILESTONES = (*MILESTONES, BONUS)

EXERCISES: tuple[Exercise, ...] = tuple(BY_ID[exercise_id] for milestone in MILESTONES
                                        for exercise_id in milestone.exercises)
