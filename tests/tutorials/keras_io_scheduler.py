"""The LearningRateScheduler example from the Keras 3 API documentation: keras.ops and float() of the variable."""
import keras
import numpy as np
from keras import ops


def scheduler(epoch, lr):
    if epoch < 10:
        return lr
    else:
        return float(lr * ops.exp(-0.1))


model = keras.models.Sequential([keras.layers.Dense(10)])
model.compile(keras.optimizers.SGD(), loss='mse')
print(round(float(model.optimizer.learning_rate), 5))
callback = keras.callbacks.LearningRateScheduler(scheduler)
history = model.fit(np.arange(100).reshape(5, 20), np.zeros((5, 1)), epochs=15, callbacks=[callback], verbose=0)
print(round(float(model.optimizer.learning_rate), 5))
