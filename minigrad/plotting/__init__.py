"""Plots for histories, weights, learning rates and schedules; the only place matplotlib is imported.

Every function returns the matplotlib objects it drew on, so a notebook can restyle them.
"""
from __future__ import annotations
