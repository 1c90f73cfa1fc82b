"""The Fashion-MNIST MLP of "Hands-On Machine Learning" (2nd edition), chapter 10, as its notebook writes it.

A validation set sliced off the training set, pixels scaled by `/ 255.`, Flatten then Dense 300 and 100 (relu)
and a softmax, "sparse_categorical_crossentropy" with "sgd", model.summary(), model.layers, get_weights,
history.params / epoch, evaluate, predict(...).round(2) and np.argmax. The book slices 5,000 validation images
off 60,000; here 50 off the 500 the tests serve. The notebook's pandas plot and bare expressions become prints.
"""
import numpy as np
from tensorflow import keras

fashion_mnist = keras.datasets.fashion_mnist
(X_train_full, y_train_full), (X_test, y_test) = fashion_mnist.load_data()

print(X_train_full.shape)
print(X_train_full.dtype)

X_valid, X_train = X_train_full[:50] / 255., X_train_full[50:] / 255.
y_valid, y_train = y_train_full[:50], y_train_full[50:]
X_test = X_test / 255.

class_names = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
               "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
print(class_names[y_train[0]])

model = keras.models.Sequential()
model.add(keras.layers.Flatten(input_shape=[28, 28]))
model.add(keras.layers.Dense(300, activation="relu"))
model.add(keras.layers.Dense(100, activation="relu"))
model.add(keras.layers.Dense(10, activation="softmax"))

model.summary()

print([layer.name for layer in model.layers])
hidden1 = model.layers[1]
print(hidden1.name)
print(model.get_layer(hidden1.name) is hidden1)

weights, biases = hidden1.get_weights()
print(weights.shape)
print(biases)
print(biases.shape)

model.compile(loss="sparse_categorical_crossentropy",
              optimizer="sgd",
              metrics=["accuracy"])

history = model.fit(X_train, y_train, epochs=30,
                    validation_data=(X_valid, y_valid))

print(history.params)
print(history.epoch)
print(history.history.keys())
print(["%.4f" % value for value in history.history["val_accuracy"]])

model.evaluate(X_test, y_test)

X_new = X_test[:3]
y_proba = model.predict(X_new)
print(y_proba.round(2))

y_pred = np.argmax(model.predict(X_new), axis=-1)
print(y_pred)
print(np.array(class_names)[y_pred])

y_new = y_test[:3]
print(y_new)
