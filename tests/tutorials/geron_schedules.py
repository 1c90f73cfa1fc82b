"""Learning-rate scheduling as the hands-on ML book's chapter 11 writes it, on Fashion-MNIST-shaped data."""
import numpy as np
from tensorflow import keras

K = keras.backend

rng = np.random.RandomState(42)
X_train = rng.randint(0, 256, size=(600, 28, 28)).astype(np.float32) / 255.
y_train = rng.randint(0, 10, size=600)
X_valid = rng.randint(0, 256, size=(200, 28, 28)).astype(np.float32) / 255.
y_valid = rng.randint(0, 10, size=200)
n_epochs = 4


def build_model():
    keras.backend.clear_session()
    keras.utils.set_random_seed(42)
    return keras.models.Sequential([
        keras.layers.Flatten(input_shape=[28, 28]),
        keras.layers.Dense(100, activation="selu", kernel_initializer="lecun_normal"),
        keras.layers.Dense(30, activation="selu", kernel_initializer="lecun_normal"),
        keras.layers.Dense(10, activation="softmax")
    ])


def exponential_decay(lr0, s):
    def exponential_decay_fn(epoch):
        return lr0 * 0.1**(epoch / s)
    return exponential_decay_fn


exponential_decay_fn = exponential_decay(lr0=0.01, s=20)
model = build_model()
model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam", metrics=["accuracy"])
lr_scheduler = keras.callbacks.LearningRateScheduler(exponential_decay_fn)
history = model.fit(X_train, y_train, epochs=n_epochs, validation_data=(X_valid, y_valid),
                    callbacks=[lr_scheduler], verbose=0)
print("exponential decay by epoch:", history.history["lr"])


def exponential_decay_fn_with_lr(epoch, lr):
    return lr * 0.1**(1 / 20)


model = build_model()
model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam", metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=n_epochs, validation_data=(X_valid, y_valid),
                    callbacks=[keras.callbacks.LearningRateScheduler(exponential_decay_fn_with_lr)], verbose=0)
print("from the previous rate:", history.history["lr"])


class ExponentialDecay(keras.callbacks.Callback):
    def __init__(self, s=40000):
        super().__init__()
        self.s = s

    def on_batch_begin(self, batch, logs=None):
        lr = K.get_value(self.model.optimizer.learning_rate)
        K.set_value(self.model.optimizer.learning_rate, lr * 0.1**(1 / self.s))

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        logs['lr'] = K.get_value(self.model.optimizer.learning_rate)


model = build_model()
lr0 = 0.01
optimizer = keras.optimizers.Nadam(learning_rate=lr0)
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
n_steps = n_epochs * len(X_train) // 32
exp_decay = ExponentialDecay(n_steps)
history = model.fit(X_train, y_train, epochs=n_epochs, validation_data=(X_valid, y_valid),
                    callbacks=[exp_decay], verbose=0)
print("per-batch decay:", history.history["lr"])


def piecewise_constant_fn(epoch):
    if epoch < 2:
        return 0.01
    elif epoch < 3:
        return 0.005
    else:
        return 0.001


model = build_model()
model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam", metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=n_epochs, validation_data=(X_valid, y_valid),
                    callbacks=[keras.callbacks.LearningRateScheduler(piecewise_constant_fn)], verbose=0)
print("piecewise constant:", history.history["lr"])

model = build_model()
optimizer = keras.optimizers.SGD(learning_rate=0.02, momentum=0.9)
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
lr_scheduler = keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1)
history = model.fit(X_train, y_train, epochs=n_epochs, validation_data=(X_valid, y_valid),
                    callbacks=[lr_scheduler], verbose=0)
print("on plateau:", history.history["lr"])

model = build_model()
s = 20 * len(X_train) // 32
learning_rate = keras.optimizers.schedules.ExponentialDecay(0.01, s, 0.1)
optimizer = keras.optimizers.SGD(learning_rate)
model.compile(loss="sparse_categorical_crossentropy", optimizer=optimizer, metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=n_epochs, validation_data=(X_valid, y_valid), verbose=0)

n_steps_per_epoch = len(X_train) // 32
learning_rate = keras.optimizers.schedules.PiecewiseConstantDecay(
    boundaries=[5. * n_steps_per_epoch, 15. * n_steps_per_epoch],
    values=[0.01, 0.005, 0.001])
model = build_model()
model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.SGD(learning_rate),
              metrics=["accuracy"])
history = model.fit(X_train, y_train, epochs=n_epochs, validation_data=(X_valid, y_valid), verbose=0)
print("final validation accuracy:", history.history["val_accuracy"][-1])
