"""Study exercises of the learning-rate schedules: Keras's decays (float32, as Keras computes them) and
torch's cyclical and one-cycle formulas. `step` is the number of updates already applied."""
from __future__ import annotations

from minigrad.study.exercise import Exercise, tests_in

FILE = "test_exercise_schedules.py"

SCHEDULES = (
    Exercise("exponential_decay", "schedules", "write ExponentialDecay",
             "minigrad.optimizers.schedules.exponential:ExponentialDecay",
             tests_in(FILE, "test_exponential_decay_is_initial_times_rate_to_the_step_over_decay_steps",
                      "test_exponential_decay_staircase_floors_the_exponent", "test_exponential_decay_matches_keras")),
    Exercise("inverse_time_decay", "schedules", "write InverseTimeDecay (the article's decay= with decay_steps=1)",
             "minigrad.optimizers.schedules.exponential:InverseTimeDecay",
             tests_in(FILE, "test_inverse_time_decay_divides_by_one_plus_rate_times_step_over_decay_steps",
                      "test_inverse_time_decay_matches_keras")),
    Exercise("piecewise_constant_decay", "schedules", "write PiecewiseConstantDecay",
             "minigrad.optimizers.schedules.piecewise:PiecewiseConstantDecay",
             tests_in(FILE, "test_piecewise_constant_decay_boundary_step_keeps_the_earlier_value",
                      "test_piecewise_constant_decay_matches_keras")),
    Exercise("polynomial_decay", "schedules", "write PolynomialDecay, with and without cycle",
             "minigrad.optimizers.schedules.polynomial:PolynomialDecay",
             tests_in(FILE, "test_polynomial_decay_falls_to_the_end_rate_then_stays",
                      "test_polynomial_decay_cycle_stretches_the_horizon_to_the_next_multiple",
                      "test_polynomial_decay_matches_keras")),
    Exercise("cosine_decay", "schedules", "write CosineDecay and its linear warmup",
             "minigrad.optimizers.schedules.cosine:CosineDecay",
             tests_in(FILE, "test_cosine_decay_follows_half_a_cosine_down_to_alpha",
                      "test_cosine_decay_warms_up_linearly_to_the_target_first", "test_cosine_decay_matches_keras")),
    Exercise("cosine_decay_restarts", "schedules", "write CosineDecayRestarts (SGDR)",
             "minigrad.optimizers.schedules.cosine:CosineDecayRestarts",
             tests_in(FILE, "test_cosine_decay_restarts_second_period_is_t_mul_longer_and_m_mul_lower",
                      "test_cosine_decay_restarts_matches_keras")),
    Exercise("cyclical", "schedules", "write the cyclical learning rate (torch's CyclicLR) and its momentum",
             "minigrad.optimizers.schedules.cyclical:CyclicalLearningRate",
             tests_in(FILE, "test_cyclical_triangle_rises_for_step_size_up_then_falls",
                      "test_cyclical_triangular2_halves_the_height_each_cycle",
                      "test_cyclical_matches_torch_cyclic_lr")),
    Exercise("one_cycle", "schedules", "write the one-cycle annealing (torch's OneCycleLR)",
             "minigrad.optimizers.schedules.one_cycle:OneCycle",
             tests_in(FILE, "test_one_cycle_rises_to_the_peak_then_anneals_to_the_minimum",
                      "test_one_cycle_matches_torch_one_cycle_lr")),
)
