"""The classic learning-rate sweep on a three-class blobs problem, written with Keras 2 idioms.

SGD(lr=...), Dense(input_dim=...), he_uniform, to_categorical and history.history['val_accuracy'].
"""
import numpy as np
from keras.layers import Dense
from keras.models import Sequential
from keras.optimizers import SGD
from keras.utils import to_categorical


def prepare_data():
    rng = np.random.RandomState(2)
    centers = rng.uniform(-10.0, 10.0, size=(3, 2))
    y = np.arange(1000) % 3
    X = centers[y] + rng.normal(0.0, 2.0, size=(1000, 2))
    y = to_categorical(y)
    return X[:500], X[500:], y[:500], y[500:]


def fit_model(trainX, trainy, testX, testy, lrate):
    model = Sequential()
    model.add(Dense(50, input_dim=2, activation='relu', kernel_initializer='he_uniform'))
    model.add(Dense(3, activation='softmax'))
    opt = SGD(lr=lrate)
    model.compile(loss='categorical_crossentropy', optimizer=opt, metrics=['accuracy'])
    history = model.fit(trainX, trainy, validation_data=(testX, testy), epochs=20, verbose=0)
    return history


trainX, testX, trainy, testy = prepare_data()
final_accuracy = {}
for lrate in [1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7]:
    history = fit_model(trainX, trainy, testX, testy, lrate)
    final_accuracy[lrate] = history.history['val_accuracy'][-1]
    print('lrate=%g, train=%.3f, test=%.3f' % (lrate, history.history['accuracy'][-1], final_accuracy[lrate]))
