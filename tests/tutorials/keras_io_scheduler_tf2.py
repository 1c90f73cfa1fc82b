"""The LearningRateScheduler example from the tf.keras 2 API documentation: lr.numpy() and a (5,) target."""
import numpy as np
from tensorflow import keras


def scheduler(epoch, lr):
    if epoch < 10:
        return lr
    else:
        return lr * np.exp(-0.1)


model = keras.models.Sequential([keras.layers.Dense(10)])
model.compile(keras.optimizers.SGD(), loss='mse')
print(round(model.optimizer.lr.numpy(), 5))
callback = keras.callbacks.LearningRateScheduler(scheduler)
history = model.fit(np.arange(100).reshape(5, 20), np.zeros(5), epochs=15, callbacks=[callback], verbose=0)
print(round(model.optimizer.lr.numpy(), 5))
print(len(history.history['loss']))
