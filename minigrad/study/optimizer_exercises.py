"""Study exercises of the optimizers' `update_step`: Keras 3, then legacy tf.keras where it computes
differently, then PyTorch's conventions. `g` is the gradient, `lr` this step's learning rate and
`t = iterations + 1`."""
from __future__ import annotations

from minigrad.study.exercise import Exercise, tests_in

KERAS = "test_exercise_optimizers.py"
LEGACY = "test_exercise_legacy.py"
TORCH = "test_exercise_pytorch.py"

OPTIMIZERS = (
    Exercise("sgd", "optimizers", "write plain SGD's update", "theta = theta - lr * g",
             tests_in(KERAS, "test_sgd_one_step_is_theta_minus_lr_g", "test_sgd_matches_keras_for_five_steps")),
    Exercise("sgd_momentum", "optimizers", "write SGD's momentum and Nesterov updates",
             "v = momentum * v - lr * g\nif nesterov:\n    theta = theta + momentum * v - lr * g\n"
             "else:\n    theta = theta + v",
             tests_in(KERAS, "test_momentum_two_steps_accumulate_the_velocity",
                      "test_momentum_keeps_the_learning_rate_inside_the_velocity_when_it_changes",
                      "test_nesterov_one_step_looks_ahead_along_the_velocity",
                      "test_sgd_momentum_matches_keras_for_five_steps")),
    Exercise("rmsprop", "optimizers", "write RMSprop's update (Keras 3: epsilon inside the root)",
             "v = rho * v + (1 - rho) * g ** 2\nif centered:\n    a = rho * a + (1 - rho) * g\n"
             "    denominator = v - a ** 2 + epsilon\nelse:\n    denominator = v + epsilon\n"
             "increment = lr * g / sqrt(denominator)\nif momentum > 0:\n    m = momentum * m + increment\n"
             "    theta = theta - m\nelse:\n    theta = theta - increment",
             tests_in(KERAS, "test_rmsprop_one_step_divides_by_the_root_of_v_plus_epsilon",
                      "test_rmsprop_matches_keras_for_five_steps")),
    Exercise("adagrad", "optimizers", "write Adagrad's update (Keras 3: epsilon inside the root)",
             "accumulator = accumulator + g ** 2          # starts at initial_accumulator_value\n"
             "theta = theta - lr * g / sqrt(accumulator + epsilon)",
             tests_in(KERAS, "test_adagrad_one_step_adds_g_squared_to_the_accumulator",
                      "test_adagrad_matches_keras_for_five_steps")),
    Exercise("adam", "optimizers", "write Adam's update with Keras's bias-corrected step size",
             "alpha = lr * sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)\nm = m + (1 - beta_1) * (g - m)\n"
             "v = v + (1 - beta_2) * (g ** 2 - v)\nif amsgrad:\n    v_hat = maximum(v_hat, v)\n    v = v_hat\n"
             "theta = theta - m * alpha / (sqrt(v) + epsilon)",
             tests_in(KERAS, "test_adam_one_step_with_bias_correction", "test_adam_matches_keras_for_five_steps")),
    Exercise("nadam", "optimizers", "write Nadam's momentum product (prepare_step) and update",
             "u_t = beta_1 * (1 - 0.5 * 0.96 ** t)\nu_t1 = beta_1 * (1 - 0.5 * 0.96 ** (t + 1))\n"
             "u_product = u_product * u_t                 # prepare_step, once per update\n"
             "m = beta_1 * m + (1 - beta_1) * g\nv = beta_2 * v + (1 - beta_2) * g ** 2\n"
             "m_hat = u_t1 * m / (1 - u_product * u_t1) + (1 - u_t) * g / (1 - u_product)\n"
             "v_hat = v / (1 - beta_2 ** t)\ntheta = theta - m_hat * lr / (sqrt(v_hat) + epsilon)",
             tests_in(KERAS, "test_nadam_one_step_with_the_momentum_schedule",
                      "test_nadam_matches_keras_for_five_steps")),
    Exercise("adamax", "optimizers", "write Adamax's update (a running maximum instead of v)",
             "m = beta_1 * m + (1 - beta_1) * g\nu = maximum(beta_2 * u, abs(g))\n"
             "theta = theta - lr * m / ((1 - beta_1 ** t) * (u + epsilon))",
             tests_in(KERAS, "test_adamax_one_step_divides_by_the_running_max_of_abs_g",
                      "test_adamax_matches_keras_for_five_steps")),
    Exercise("adadelta", "optimizers", "write Adadelta's update",
             "accumulated_grad = rho * accumulated_grad + (1 - rho) * g ** 2\n"
             "delta = sqrt(accumulated_delta + epsilon) / sqrt(accumulated_grad + epsilon) * g\n"
             "accumulated_delta = rho * accumulated_delta + (1 - rho) * delta ** 2\ntheta = theta - lr * delta",
             tests_in(KERAS, "test_adadelta_one_step_scales_by_the_ratio_of_the_two_roots",
                      "test_adadelta_matches_keras_for_five_steps")),
)

LEGACY_OPTIMIZERS = (
    Exercise("legacy_rmsprop", "legacy",
             "write legacy tf.keras RMSprop's update (where epsilon goes depends on momentum)",
             "v = rho * v + (1 - rho) * g ** 2\ndenominator = v - a ** 2 if centered else v   "
             "# a = rho * a + (1 - rho) * g\nif momentum > 0:\n"
             "    m = momentum * m + lr * g / sqrt(denominator + epsilon)     # epsilon inside\n    theta = theta - m\n"
             "else:\n    theta = theta - lr * g / (sqrt(denominator) + epsilon)     # epsilon outside",
             tests_in(LEGACY, "test_legacy_rmsprop_puts_epsilon_outside_the_root_without_momentum",
                      "test_legacy_rmsprop_puts_epsilon_inside_the_root_with_momentum",
                      "test_legacy_rmsprop_matches_tf_keras_for_five_steps")),
    Exercise("legacy_adagrad", "legacy", "write legacy tf.keras Adagrad's update (epsilon outside the root)",
             "accumulator = accumulator + g ** 2\ntheta = theta - lr * g / (sqrt(accumulator) + epsilon)",
             tests_in(LEGACY, "test_legacy_adagrad_puts_epsilon_outside_the_root",
                      "test_legacy_adagrad_matches_tf_keras_for_five_steps")),
    Exercise("legacy_nadam", "legacy", "write legacy tf.keras Nadam's momentum cache (prepare_step) and update",
             "mu_t = beta_1 * (1 - 0.5 * 0.96 ** (sd * t))\nmu_t1 = beta_1 * (1 - 0.5 * 0.96 ** (sd * (t + 1)))\n"
             "momentum_cache = momentum_cache * mu_t      # prepare_step, once per update\n"
             "g_prime = g / (1 - momentum_cache)\nm = beta_1 * m + (1 - beta_1) * g\n"
             "m_prime = m / (1 - momentum_cache * mu_t1)\nv = beta_2 * v + (1 - beta_2) * g ** 2\n"
             "v_prime = v / (1 - beta_2 ** t)\nm_bar = (1 - mu_t) * g_prime + mu_t1 * m_prime\n"
             "theta = theta - lr * m_bar / (sqrt(v_prime) + epsilon)",
             tests_in(LEGACY, "test_legacy_nadam_one_step_with_the_schedule_decay",
                      "test_legacy_nadam_matches_tf_keras_for_five_steps")),
)

TORCH_OPTIMIZERS = (
    Exercise("torch_sgd", "pytorch", "write torch.optim SGD's update (lr outside the momentum buffer)",
             "if momentum == 0:\n    theta = theta - lr * g\nelse:\n"
             "    b = g if first step else momentum * b + (1 - dampening) * g\n"
             "    theta = theta - lr * (g + momentum * b if nesterov else b)",
             tests_in(TORCH, "test_torch_sgd_momentum_starts_the_buffer_at_g_then_dampens",
                      "test_torch_sgd_nesterov_steps_along_g_plus_momentum_times_b",
                      "test_torch_sgd_matches_pytorch_for_five_steps")),
    Exercise("torch_rmsprop", "pytorch", "write torch.optim RMSprop's update (eps outside the root)",
             "v = alpha * v + (1 - alpha) * g ** 2\nif centered:\n    a = a + (1 - alpha) * (g - a)\n"
             "    avg = sqrt(v - a ** 2) + eps\nelse:\n    avg = sqrt(v) + eps\nif momentum > 0:\n"
             "    b = momentum * b + g / avg\n    theta = theta - lr * b\nelse:\n    theta = theta - lr * g / avg",
             tests_in(TORCH, "test_torch_rmsprop_puts_eps_outside_the_root",
                      "test_torch_rmsprop_matches_pytorch_for_five_steps")),
    Exercise("torch_adagrad", "pytorch", "write torch.optim Adagrad's update with lr_decay",
             "clr = lr / (1 + (t - 1) * lr_decay)\ns = s + g ** 2\ntheta = theta - clr * g / (sqrt(s) + eps)",
             tests_in(TORCH, "test_torch_adagrad_decays_the_learning_rate_with_lr_decay",
                      "test_torch_adagrad_matches_pytorch_for_five_steps")),
    Exercise("torch_adam", "pytorch", "write torch.optim Adam's update (eps after the bias correction)",
             "m = m + (1 - beta_1) * (g - m)\nv = beta_2 * v + (1 - beta_2) * g ** 2\n"
             "if amsgrad:\n    v_max = maximum(v_max, v)\n    v = v_max\n"
             "denominator = sqrt(v) / sqrt(1 - beta_2 ** t) + eps\n"
             "theta = theta - lr / (1 - beta_1 ** t) * m / denominator",
             tests_in(TORCH, "test_torch_adam_adds_eps_after_the_bias_correction",
                      "test_torch_adam_matches_pytorch_for_five_steps")),
    Exercise("torch_adamw", "pytorch", "write AdamW's decoupled weight decay (apply_weight_decay)",
             "theta = theta * (1 - lr * weight_decay)      # before Adam's step; g is left unchanged",
             tests_in(TORCH, "test_torch_adamw_shrinks_theta_before_the_adam_step",
                      "test_torch_adamw_matches_pytorch_for_five_steps"),
             requires=("torch_adam",)),
    Exercise("torch_nadam", "pytorch", "write torch.optim NAdam's momentum product (prepare_step) and update",
             "mu = beta_1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))\n"
             "mu_next = beta_1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentum_decay))\n"
             "mu_product = mu_product * mu                # prepare_step, once per update\n"
             "m = m + (1 - beta_1) * (g - m)\nv = beta_2 * v + (1 - beta_2) * g ** 2\n"
             "denominator = sqrt(v / (1 - beta_2 ** t)) + eps\n"
             "theta = theta - lr * (1 - mu) / (1 - mu_product) * g / denominator\n"
             "theta = theta - lr * mu_next / (1 - mu_product * mu_next) * m / denominator",
             tests_in(TORCH, "test_torch_nadam_one_step", "test_torch_nadam_matches_pytorch_for_five_steps")),
    Exercise("torch_adamax", "pytorch", "write torch.optim Adamax's update (eps inside the running max)",
             "m = m + (1 - beta_1) * (g - m)\nu = maximum(beta_2 * u, abs(g) + eps)\n"
             "theta = theta - lr / (1 - beta_1 ** t) * m / u",
             tests_in(TORCH, "test_torch_adamax_puts_eps_inside_the_running_max",
                      "test_torch_adamax_matches_pytorch_for_five_steps")),
    Exercise("torch_adadelta", "pytorch", "write torch.optim Adadelta's update",
             "square_avg = rho * square_avg + (1 - rho) * g ** 2\n"
             "delta = sqrt(acc_delta + eps) / sqrt(square_avg + eps) * g\n"
             "acc_delta = rho * acc_delta + (1 - rho) * delta ** 2\ntheta = theta - lr * delta",
             tests_in(TORCH, "test_torch_adadelta_one_step", "test_torch_adadelta_matches_pytorch_for_five_steps")),
)
