"""TensorFlow's "Basic classification: Classify images of clothing" tutorial (TF 2.x), as a script.

Fashion-MNIST through `keras.datasets.fashion_mnist`, class_names, Flatten(input_shape=(28, 28)), Dense(128, relu),
Dense(10) with SparseCategoricalCrossentropy(from_logits=True), 'adam', fit for 10 epochs, evaluate with
verbose=2, then a probability model `Sequential([model, Softmax()])` whose predictions np.argmax reads.
The notebook's bare expressions (`train_images.shape`, `predictions[0]`) are printed; its plots are left out, and
`tf.keras.` is spelled `keras.` as in the tutorial's `from tensorflow import keras` versions.
"""
# TensorFlow and tf.keras
from tensorflow import keras

# Helper libraries
import numpy as np

fashion_mnist = keras.datasets.fashion_mnist

(train_images, train_labels), (test_images, test_labels) = fashion_mnist.load_data()

class_names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
               'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']

print(train_images.shape)
print(len(train_labels))
print(train_labels)
print(test_images.shape)
print(len(test_labels))

train_images = train_images / 255.0

test_images = test_images / 255.0

model = keras.Sequential([
    keras.layers.Flatten(input_shape=(28, 28)),
    keras.layers.Dense(128, activation='relu'),
    keras.layers.Dense(10)
])

model.compile(optimizer='adam',
              loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
              metrics=['accuracy'])

model.fit(train_images, train_labels, epochs=10)

test_loss, test_acc = model.evaluate(test_images,  test_labels, verbose=2)

print('\nTest accuracy:', test_acc)

probability_model = keras.Sequential([model,
                                      keras.layers.Softmax()])

predictions = probability_model.predict(test_images)

print(predictions[0])
print(np.argmax(predictions[0]))
print(test_labels[0])
print(class_names[np.argmax(predictions[0])], class_names[test_labels[0]])

# Grab an image from the test dataset.
img = test_images[1]
print(img.shape)

# Add the image to a batch where it's the only member.
img = (np.expand_dims(img, 0))
print(img.shape)

predictions_single = probability_model.predict(img)
print(predictions_single)
print(np.argmax(predictions_single[0]))
