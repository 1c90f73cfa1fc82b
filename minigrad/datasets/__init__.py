"""Keras's small datasets, downloaded once into `~/.keras/datasets` (or `$KERAS_HOME/datasets`) and read with NumPy.

Each module has Keras's `load_data()`, with Keras's URL, file names, hash and return shapes and dtypes:

    mnist           handwritten digits   (60000, 28, 28) uint8 images, (60000,) uint8 labels
    fashion_mnist   clothing images      (60000, 28, 28) uint8 images, (60000,) uint8 labels
    cifar10         small colour photos  (50000, 32, 32, 3) uint8 images, (50000, 1) uint8 labels
    boston_housing  house prices         (404, 13) float64 features, (404,) float64 prices

Importing this package reads no file and opens no connection; `load_data()` does, the first time.
Behind a firewall, the error names the URL and the path where the file can be copied by hand.
"""
from minigrad.datasets import boston_housing, cifar10, fashion_mnist, mnist

__all__ = ["boston_housing", "cifar10", "fashion_mnist", "mnist"]
