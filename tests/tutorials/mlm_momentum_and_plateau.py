"""Momentum, then ReduceLROnPlateau watched by a callback that reads optimizer.lr (Keras 2 idioms)."""
import numpy as np
from keras import backend
from keras.callbacks import Callback, ReduceLROnPlateau
from keras.layers import Dense
from keras.models import Sequential
from keras.optimizers import SGD
from keras.utils import to_categorical


class LearningRateMonitor(Callback):
    def on_train_begin(self, logs={}):
        self.lrates = list()

    def on_epoch_end(self, epoch, logs={}):
        optimizer = self.model.optimizer
        lrate = float(backend.get_value(optimizer.lr))
        self.lrates.append(lrate)


def prepare_data():
    rng = np.random.RandomState(2)
    centers = rng.uniform(-10.0, 10.0, size=(3, 2))
    y = np.arange(1000) % 3
    X = centers[y] + rng.normal(0.0, 2.0, size=(1000, 2))
    y = to_categorical(y)
    return X[:500], X[500:], y[:500], y[500:]


def fit_model(trainX, trainy, testX, testy, momentum=0.0, patience=None):
    model = Sequential()
    model.add(Dense(50, input_dim=2, activation='relu', kernel_initializer='he_uniform'))
    model.add(Dense(3, activation='softmax'))
    opt = SGD(lr=0.01, momentum=momentum)
    model.compile(loss='categorical_crossentropy', optimizer=opt, metrics=['accuracy'])
    callbacks = []
    if patience is not None:
        rlrp = ReduceLROnPlateau(monitor='val_loss', factor=0.1, patience=patience, min_delta=1E-7)
        lrm = LearningRateMonitor()
        callbacks = [rlrp, lrm]
    history = model.fit(trainX, trainy, validation_data=(testX, testy), epochs=20, verbose=0,
                        callbacks=callbacks)
    return history, callbacks


trainX, testX, trainy, testy = prepare_data()
for momentum in [0.0, 0.5, 0.9, 0.99]:
    history, _ = fit_model(trainX, trainy, testX, testy, momentum=momentum)
    print('momentum=%g, test=%.3f' % (momentum, history.history['val_accuracy'][-1]))
for patience in [2, 5, 10, 15]:
    history, callbacks = fit_model(trainX, trainy, testX, testy, patience=patience)
    lrates = callbacks[1].lrates
    print('patience=%d, learning rates %s' % (patience, lrates[::5]))
