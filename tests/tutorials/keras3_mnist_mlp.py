"""A Keras 3 MLP on MNIST in the style of keras.io's examples and guides, comparing Adam's learning rate.

`import keras` and `from keras import layers`, `keras.datasets.mnist.load_data()`, `reshape(-1, 784)`,
`keras.Sequential([keras.Input(shape=(784,)), layers.Dense(...), layers.Dropout(...), ...])`, compile with
`keras.optimizers.Adam(learning_rate=...)`, `keras.losses.SparseCategoricalCrossentropy()` and
`metrics=[keras.metrics.SparseCategoricalAccuracy()]`, fit with `validation_split`, evaluate with verbose=0 and
f-string prints of the scores. fit runs with verbose=0: Keras 3's progress bar is not minigrad's.
"""
import keras
import numpy as np
from keras import layers

num_classes = 10
input_shape = (784,)

(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()

x_train = x_train.reshape(-1, 784).astype("float32") / 255
x_test = x_test.reshape(-1, 784).astype("float32") / 255
print("x_train shape:", x_train.shape)
print(x_train.shape[0], "train samples")
print(x_test.shape[0], "test samples")


def make_model():
    return keras.Sequential(
        [
            keras.Input(shape=input_shape),
            layers.Dense(256, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(128, activation="relu"),
            layers.Dropout(0.2),
            layers.Dense(num_classes, activation="softmax"),
        ]
    )


for learning_rate in [1e-2, 1e-3, 1e-4]:
    model = make_model()
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate),
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )
    history = model.fit(x_train, y_train, batch_size=64, epochs=5, validation_split=0.15, verbose=0)
    print(f"learning_rate={learning_rate}: {model.count_params()} parameters, {len(history.history['loss'])} epochs")
    print(f"  logged: {list(history.history.keys())}")
    print(f"  final val accuracy: {history.history['val_sparse_categorical_accuracy'][-1]:.4f}")
    score = model.evaluate(x_test, y_test, verbose=0)
    print(f"  test loss: {score[0]:.4f}, test accuracy: {score[1]:.4f}")
    predictions = model.predict(x_test[:5], verbose=0)
    print(f"  predictions shape: {predictions.shape}, rows sum to one: {np.allclose(predictions.sum(axis=1), 1)}")
