"""Study exercises of the learning-rate schedules: Keras's decays (float32, as Keras computes them) and
torch's cyclical and one-cycle formulas. `step` is the number of updates already applied."""
from __future__ import annotations

from minigrad.study.exercise import Exercise, tests_in

FILE = "test_exercise_schedules.py"

SCHEDULES = (
    Exercise("exponential_decay", "schedules", "write ExponentialDecay",
             "p = step / decay_steps          # floor(p) if staircase\n"
             "lr = initial_learning_rate * decay_rate ** p",
             tests_in(FILE, "test_exponential_decay_is_initial_times_rate_to_the_step_over_decay_steps",
                      "test_exponential_decay_staircase_floors_the_exponent", "test_exponential_decay_matches_keras")),
    Exercise("inverse_time_decay", "schedules", "write InverseTimeDecay (the article's decay= with decay_steps=1)",
             "p = step / decay_steps          # floor(p) if staircase\n"
             "lr = initial_learning_rate / (1 + decay_rate * p)",
             tests_in(FILE, "test_inverse_time_decay_divides_by_one_plus_rate_times_step_over_decay_steps",
                      "test_inverse_time_decay_matches_keras")),
    Exercise("piecewise_constant_decay", "schedules", "write PiecewiseConstantDecay",
             "lr = values[0] if step <= boundaries[0] else values[1] if step <= boundaries[1] else ...",
             tests_in(FILE, "test_piecewise_constant_decay_boundary_step_keeps_the_earlier_value",
                      "test_piecewise_constant_decay_matches_keras")),
    Exercise("polynomial_decay", "schedules", "write PolynomialDecay, with and without cycle",
             "if cycle:\n    horizon = decay_steps * max(1, ceil(step / decay_steps))\n"
             "else:\n    horizon, step = decay_steps, min(step, decay_steps)\n"
             "lr = (initial_learning_rate - end_learning_rate) * (1 - step / horizon) ** power + end_learning_rate",
             tests_in(FILE, "test_polynomial_decay_falls_to_the_end_rate_then_stays",
                      "test_polynomial_decay_cycle_stretches_the_horizon_to_the_next_multiple",
                      "test_polynomial_decay_matches_keras")),
    Exercise("cosine_decay", "schedules", "write CosineDecay and its linear warmup",
             "decay(s, start) = start * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha)\n"
             "without warmup_target: lr = decay(min(step, decay_steps), initial_learning_rate)\n"
             "with it, s = min(step, decay_steps + warmup_steps):\n"
             "    lr = (warmup_target - initial_learning_rate) * s / warmup_steps + initial_learning_rate"
             "   # while s < warmup_steps\n"
             "    lr = decay(s - warmup_steps, warmup_target)                                       # after",
             tests_in(FILE, "test_cosine_decay_follows_half_a_cosine_down_to_alpha",
                      "test_cosine_decay_warms_up_linearly_to_the_target_first", "test_cosine_decay_matches_keras")),
    Exercise("cosine_decay_restarts", "schedules", "write CosineDecayRestarts (SGDR)",
             "fraction = step / first_decay_steps\n"
             "i = floor(fraction) if t_mul == 1 else floor(log(1 - fraction * (1 - t_mul)) / log(t_mul))\n"
             "fraction = fraction - i if t_mul == 1 else (fraction - (1 - t_mul ** i) / (1 - t_mul)) / t_mul ** i\n"
             "cosine = 0.5 * m_mul ** i * (1 + cos(pi * fraction))\n"
             "lr = initial_learning_rate * ((1 - alpha) * cosine + alpha)",
             tests_in(FILE, "test_cosine_decay_restarts_second_period_is_t_mul_longer_and_m_mul_lower",
                      "test_cosine_decay_restarts_matches_keras")),
    Exercise("cyclical", "schedules", "write the cyclical learning rate (torch's CyclicLR) and its momentum",
             "total = step_size_up + step_size_down\ncycle = floor(1 + step / total)\n"
             "x = 1 + step / total - cycle\nheight = x / ratio if x <= ratio else (x - 1) / (ratio - 1)"
             "   # ratio = step_size_up / total\n"
             "scale = 1 (triangular), 1 / 2 ** (cycle - 1) (triangular2), gamma ** step (exp_range)\n"
             "lr = base_learning_rate + (max_learning_rate - base_learning_rate) * height * scale\n"
             "momentum = max_momentum - (max_momentum - base_momentum) * height * scale",
             tests_in(FILE, "test_cyclical_triangle_rises_for_step_size_up_then_falls",
                      "test_cyclical_triangular2_halves_the_height_each_cycle",
                      "test_cyclical_matches_torch_cyclic_lr")),
    Exercise("one_cycle", "schedules", "write the one-cycle annealing (torch's OneCycleLR)",
             "cos:    anneal(a, b, pct) = b + (a - b) / 2 * (cos(pi * pct) + 1)\n"
             "linear: anneal(a, b, pct) = (b - a) * pct + a\n"
             "phase = the first phase whose end >= step (else the last); start = the previous phase's end (0 first)\n"
             "pct = (step - start) / (end - start)\nlr = anneal(lr_from, lr_to, pct)"
             "     # momentum: anneal(m_from, m_to, pct)",
             tests_in(FILE, "test_one_cycle_rises_to_the_peak_then_anneals_to_the_minimum",
                      "test_one_cycle_matches_torch_one_cycle_lr")),
)
