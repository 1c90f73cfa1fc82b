"""Keras 2.2's module paths that tutorials still import from, registered as names of today's modules:

    from keras.layers.core import Dense, Dropout, Activation         # minigrad.layers
    from keras.layers.normalization import BatchNormalization        # minigrad.layers
    from keras.utils.np_utils import to_categorical                  # minigrad.utils
    from keras.utils import np_utils                                 # np_utils.to_categorical(y, 10)

An import statement looks a dotted name up in `sys.modules` before it looks for a file, so entering each old
path there, as the module that holds those names today, is all it takes. Such an import runs none of
minigrad's code, so unlike the other Keras 2.2 names these give no DeprecationWarning.
"""
from __future__ import annotations

import sys

from minigrad import layers, utils

OLD_MODULE_PATHS = {
    "minigrad.layers.core": layers,
    "minigrad.layers.normalization": layers,
    "minigrad.utils.np_utils": utils,
}

sys.modules.update(OLD_MODULE_PATHS)
