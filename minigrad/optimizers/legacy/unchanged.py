"""The legacy optimizers whose update rule is Keras 3's: SGD, Adam, Adamax and Adadelta.

Only the machinery differs (`LegacyOptimizer`: float32 hyper-parameters, `epsilon=0` becomes
1e-7, clipvalue with a norm clip), so each class is the Keras 3 one with the legacy base first.
"""
from __future__ import annotations

from minigrad.optimizers import adadelta, adam, adamax, sgd
from minigrad.optimizers.legacy.base import LegacyOptimizer


class SGD(LegacyOptimizer, sgd.SGD):
    """tf.keras 2.x's legacy SGD: the same update as `minigrad.optimizers.SGD`, in float32.

    Update rule: the Keras 3 class's (its docstring states it), with
    `lr = learning_rate / (1 + decay * iterations)`.

    Args: as `minigrad.optimizers.SGD` (learning_rate=0.01, momentum=0.0, nesterov=False, decay=0.0),
    without `weight_decay`.

    Keras parity: `tf.keras.optimizers.legacy.SGD` (ResourceApplyKerasMomentum), number for number,
    Nesterov step included (one sum, as in Keras 3).

    Example (the article's E4):
    >>> import numpy as np
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> opt = SGD(0.01, decay=0.01)
    >>> opt.apply([g], [theta]); opt.apply([g], [theta]); theta  # 1 - 0.01 * 0.5 - 0.01 / 1.01 * 0.5
    array([0.9900495], dtype=float32)

    Reference: Robbins and Monro, 1951; Polyak, 1964 (momentum).
    """


class Adam(LegacyOptimizer, adam.Adam):
    """tf.keras 2.x's legacy Adam: the same update as `minigrad.optimizers.Adam`, in float32.

    Update rule: the Keras 3 class's (its docstring states it), with
    `lr = learning_rate / (1 + decay * iterations)`.

    Args: as `minigrad.optimizers.Adam` (learning_rate=0.001, beta_1=0.9, beta_2=0.999,
    epsilon=1e-7, amsgrad=False, decay=0.0), without `weight_decay`.

    Keras parity: `tf.keras.optimizers.legacy.Adam` (ResourceApplyAdam), number for number.

    Example:
    >>> import numpy as np
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adam(learning_rate=0.1, epsilon=0).apply([g], [theta]); theta  # epsilon=0 means 1e-7
    array([0.90000063], dtype=float32)

    Reference: Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
    """


class Adamax(LegacyOptimizer, adamax.Adamax):
    """tf.keras 2.x's legacy Adamax: the same update as `minigrad.optimizers.Adamax`, in float32.

    Update rule: the Keras 3 class's (its docstring states it), with
    `lr = learning_rate / (1 + decay * iterations)`.

    Args: as `minigrad.optimizers.Adamax` (learning_rate=0.001, beta_1=0.9, beta_2=0.999,
    epsilon=1e-7, decay=0.0), without `weight_decay`.

    Keras parity: `tf.keras.optimizers.legacy.Adamax` (ResourceApplyAdaMax), number for number.

    Example:
    >>> import numpy as np
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adamax(learning_rate=0.1).apply([g], [theta]); theta  # 1 - 0.1 * 0.05 / (0.1 * 0.5)
    array([0.90000004], dtype=float32)

    Reference: Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, section 7.
    """


class Adadelta(LegacyOptimizer, adadelta.Adadelta):
    """tf.keras 2.x's legacy Adadelta: the same update as `minigrad.optimizers.Adadelta`, in float32.

    Update rule: the Keras 3 class's (its docstring states it), with
    `lr = learning_rate / (1 + decay * iterations)`.

    Args: as `minigrad.optimizers.Adadelta` (learning_rate=0.001, rho=0.95, epsilon=1e-7,
    decay=0.0), without `weight_decay`.

    Keras parity: `tf.keras.optimizers.legacy.Adadelta` (ResourceApplyAdadelta), number for number.

    Example:
    >>> import numpy as np
    >>> theta, g = np.array([1.0], dtype="float32"), np.array([0.5], dtype="float32")
    >>> Adadelta(learning_rate=1.0, rho=0.9, epsilon=0.01).apply([g], [theta]); theta
    array([0.7327388], dtype=float32)

    Reference: Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701, 2012.
    """
