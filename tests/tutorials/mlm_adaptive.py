"""The adaptive optimizers by name, as compile(optimizer='adam') tutorials compare them."""
import numpy as np
from keras.layers import Dense
from keras.models import Sequential
from keras.utils import to_categorical

rng = np.random.RandomState(2)
centers = rng.uniform(-10.0, 10.0, size=(3, 2))
labels = np.arange(1000) % 3
X = centers[labels] + rng.normal(0.0, 2.0, size=(1000, 2))
y = to_categorical(labels)
trainX, testX, trainy, testy = X[:500], X[500:], y[:500], y[500:]

for optimizer in ['sgd', 'rmsprop', 'adagrad', 'adam']:
    model = Sequential()
    model.add(Dense(50, input_dim=2, activation='relu', kernel_initializer='he_uniform'))
    model.add(Dense(3, activation='softmax'))
    model.compile(loss='categorical_crossentropy', optimizer=optimizer, metrics=['accuracy'])
    history = model.fit(trainX, trainy, validation_data=(testX, testy), epochs=10, verbose=0)
    _, test_acc = model.evaluate(testX, testy, verbose=0)
    print('%s: test accuracy %.3f' % (optimizer, test_acc))
