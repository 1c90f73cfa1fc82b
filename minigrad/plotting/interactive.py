"""A learning-rate slider for notebooks: move it and the run is retrained and redrawn at once."""
from __future__ import annotations

import math
from typing import Callable

import matplotlib.pyplot as plt
from matplotlib.figure import Figure


def learning_rate_slider(draw: Callable[[float], Figure], value: float = 0.001, low: float = 1e-5,
                         high: float = 1.0) -> Figure:
    """Draws `draw(value)` now, then (in a live notebook with ipywidgets) a slider that redraws it.

    The first figure is an ordinary plot, so a notebook executed headless (CI, nbconvert) or
    without ipywidgets still shows it. In a live notebook the slider below it, on a log scale
    from `low` to `high`, calls `draw(learning_rate)` again for every position; a minigrad run
    of the article's size takes milliseconds, so the curves follow the slider.

    Args:
        draw: trains with the given learning rate and returns the figure it drew.
        value: the first learning rate, in [low, high]; default 0.001.
        low, high: the slider's range, 0 < low < high; default 1e-5 to 1.

    Returns:
        The first figure.
    """
    if not 0 < low <= value <= high:
        raise ValueError(f"Need 0 < low <= value <= high. Received: low={low}, value={value}, high={high}")
    figure = draw(value)
    plt.show()
    try:
        import ipywidgets as widgets
        from IPython.display import display
    except ImportError:
        return figure
    slider = widgets.FloatLogSlider(value=value, base=10, min=math.log10(low), max=math.log10(high), step=0.05,
                                    description="learning rate", readout_format=".1e", continuous_update=False,
                                    style={"description_width": "initial"}, layout={"width": "60%"})
    output = widgets.Output()

    def redraw(change: dict) -> None:
        with output:
            output.clear_output(wait=True)
            draw(change["new"])
            plt.show()

    slider.observe(redraw, names="value")
    display(widgets.HTML("Move the slider to retrain and redraw (live notebooks only):"), slider, output)
    return figure
