"""A university lab's learning-rate comparison on 8x8 digit images, with Input, Flatten and Adam."""
import numpy as np
from keras import Input
from keras.layers import Dense, Flatten
from keras.models import Sequential
from keras.optimizers import Adam
from keras.utils import to_categorical

rng = np.random.RandomState(0)
prototypes = rng.rand(10, 8, 8)
labels = rng.randint(0, 10, size=600)
images = prototypes[labels] * 16 + rng.normal(0.0, 2.0, size=(600, 8, 8))
X_train, X_test = images[:480] / 16.0, images[480:] / 16.0
Y_train, Y_test = to_categorical(labels[:480], 10), to_categorical(labels[480:], 10)

for learning_rate in [1.0, 0.1, 0.01, 0.001, 0.0001]:
    model = Sequential([
        Input(shape=(8, 8)),
        Flatten(),
        Dense(64, activation='relu', kernel_initializer='he_normal'),
        Dense(10, activation='softmax'),
    ])
    model.compile(optimizer=Adam(learning_rate=learning_rate), loss='categorical_crossentropy',
                  metrics=['accuracy'])
    history = model.fit(X_train, Y_train, batch_size=32, epochs=5, validation_split=0.2, verbose=0)
    loss, accuracy = model.evaluate(X_test, Y_test, verbose=0)
    predictions = model.predict(X_test, verbose=0).argmax(axis=1)
    print('lr=%g: val_accuracy %.3f, test accuracy %.3f, %d correct'
          % (learning_rate, history.history['val_accuracy'][-1], accuracy,
             (predictions == labels[480:]).sum()))
