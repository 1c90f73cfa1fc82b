"""Study exercises of the optimizers' `update_step`: Keras 3, then legacy tf.keras where it computes
differently, then PyTorch's conventions. `g` is the gradient, `lr` this step's learning rate and
`t = iterations + 1`."""
from __future__ import annotations

from minigrad.study.exercise import Exercise, tests_in

KERAS = "test_exercise_optimizers.py"
LEGACY = "test_exercise_legacy.py"
TORCH = "test_exercise_pytorch.py"

OPTIMIZERS = (
    Exercise("sgd", "optimizers", "write plain SGD's update", "minigrad.optimizers.sgd:SGD",
             tests_in(KERAS, "test_sgd_one_step_is_theta_minus_lr_g", "test_sgd_matches_keras_for_five_steps")),
    Exercise("sgd_momentum", "optimizers", "write SGD's momentum and Nesterov updates",
             "minigrad.optimizers.sgd:SGD",
             tests_in(KERAS, "test_momentum_two_steps_accumulate_the_velocity",
                      "test_momentum_keeps_the_learning_rate_inside_the_velocity_when_it_changes",
                      "test_nesterov_one_step_looks_ahead_along_the_velocity",
                      "test_sgd_momentum_matches_keras_for_five_steps")),
    Exercise("rmsprop", "optimizers", "write RMSprop's update (Keras 3: epsilon inside the root)",
             "minigrad.optimizers.rmsprop:RMSprop",
             tests_in(KERAS, "test_rmsprop_one_step_divides_by_the_root_of_v_plus_epsilon",
                      "test_rmsprop_matches_keras_for_five_steps")),
    Exercise("adagrad", "optimizers", "write Adagrad's update (Keras 3: epsilon inside the root)",
             "minigrad.optimizers.adagrad:Adagrad",
             tests_in(KERAS, "test_adagrad_one_step_adds_g_squared_to_the_accumulator",
                      "test_adagrad_matches_keras_for_five_steps")),
    Exercise("adam", "optimizers", "write Adam's update with Keras's bias-corrected step size",
             "minigrad.optimizers.adam:Adam",
             tests_in(KERAS, "test_adam_one_step_with_bias_correction", "test_adam_matches_keras_for_five_steps")),
    Exercise("nadam", "optimizers", "write Nadam's momentum product (prepare_step) and update",
             "minigrad.optimizers.nadam:Nadam",
             tests_in(KERAS, "test_nadam_one_step_with_the_momentum_schedule",
                      "test_nadam_matches_keras_for_five_steps")),
    Exercise("adamax", "optimizers", "write Adamax's update (a running maximum instead of v)",
             "minigrad.optimizers.adamax:Adamax",
             tests_in(KERAS, "test_adamax_one_step_divides_by_the_running_max_of_abs_g",
                      "test_adamax_matches_keras_for_five_steps")),
    Exercise("adadelta", "optimizers", "write Adadelta's update",
             "minigrad.optimizers.adadelta:Adadelta",
             tests_in(KERAS, "test_adadelta_one_step_scales_by_the_ratio_of_the_two_roots",
                      "test_adadelta_matches_keras_for_five_steps")),
)

LEGACY_OPTIMIZERS = (
    Exercise("legacy_rmsprop", "legacy",
             "write legacy tf.keras RMSprop's update (where epsilon goes depends on momentum)",
             "minigrad.optimizers.rmsprop:LegacyRMSprop",
             tests_in(LEGACY, "test_legacy_rmsprop_puts_epsilon_outside_the_root_without_momentum",
                      "test_legacy_rmsprop_puts_epsilon_inside_the_root_with_momentum",
                      "test_legacy_rmsprop_matches_tf_keras_for_five_steps")),
    Exercise("legacy_adagrad", "legacy", "write legacy tf.keras Adagrad's update (epsilon outside the root)",
             "minigrad.optimizers.adagrad:LegacyAdagrad",
             tests_in(LEGACY, "test_legacy_adagrad_puts_epsilon_outside_the_root",
                      "test_legacy_adagrad_matches_tf_keras_for_five_steps")),
    Exercise("legacy_nadam", "legacy", "write legacy tf.keras Nadam's momentum cache (prepare_step) and update",
             "minigrad.optimizers.nadam:LegacyNadam",
             tests_in(LEGACY, "test_legacy_nadam_one_step_with_the_schedule_decay",
                      "test_legacy_nadam_matches_tf_keras_for_five_steps")),
)

TORCH_OPTIMIZERS = (
    Exercise("torch_sgd", "pytorch", "write torch.optim SGD's update (lr outside the momentum buffer)",
             "minigrad.optimizers.sgd:TorchSGD",
             tests_in(TORCH, "test_torch_sgd_momentum_starts_the_buffer_at_g_then_dampens",
                      "test_torch_sgd_nesterov_steps_along_g_plus_momentum_times_b",
                      "test_torch_sgd_matches_pytorch_for_five_steps")),
    Exercise("torch_rmsprop", "pytorch", "write torch.optim RMSprop's update (eps outside the root)",
             "minigrad.optimizers.rmsprop:TorchRMSprop",
             tests_in(TORCH, "test_torch_rmsprop_puts_eps_outside_the_root",
                      "test_torch_rmsprop_matches_pytorch_for_five_steps")),
    Exercise("torch_adagrad", "pytorch", "write torch.optim Adagrad's update with lr_decay",
             "minigrad.optimizers.adagrad:TorchAdagrad",
             tests_in(TORCH, "test_torch_adagrad_decays_the_learning_rate_with_lr_decay",
                      "test_torch_adagrad_matches_pytorch_for_five_steps")),
    Exercise("torch_adam", "pytorch", "write torch.optim Adam's update (eps after the bias correction)",
             "minigrad.optimizers.adam:TorchAdam",
             tests_in(TORCH, "test_torch_adam_adds_eps_after_the_bias_correction",
                      "test_torch_adam_matches_pytorch_for_five_steps")),
    Exercise("torch_adamw", "pytorch", "write AdamW's decoupled weight decay (apply_weight_decay)",
             "minigrad.optimizers.adam:TorchAdamW",
             tests_in(TORCH, "test_torch_adamw_shrinks_theta_before_the_adam_step",
                      "test_torch_adamw_matches_pytorch_for_five_steps"),
             requires=("torch_adam",)),
    Exercise("torch_nadam", "pytorch", "write torch.optim NAdam's momentum product (prepare_step) and update",
             "minigrad.optimizers.nadam:TorchNAdam",
             tests_in(TORCH, "test_torch_nadam_one_step", "test_torch_nadam_matches_pytorch_for_five_steps")),
    Exercise("torch_adamax", "pytorch", "write torch.optim Adamax's update (eps inside the running max)",
             "minigrad.optimizers.adamax:TorchAdamax",
             tests_in(TORCH, "test_torch_adamax_puts_eps_inside_the_running_max",
                      "test_torch_adamax_matches_pytorch_for_five_steps")),
    Exercise("torch_adadelta", "pytorch", "write torch.optim Adadelta's update",
             "minigrad.optimizers.adadelta:TorchAdadelta",
             tests_in(TORCH, "test_torch_adadelta_one_step", "test_torch_adadelta_matches_pytorch_for_five_steps")),
)
