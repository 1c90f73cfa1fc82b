"""A MachineLearningMastery-style study of batch normalization and the learning rate, on MNIST.

As the blog's posts write it: a load/prepare function (reshape, astype('float32'), / 255.0, to_categorical), a
model-definition function with BatchNormalization between the Dense layers, SGD(learning_rate=..., momentum=0.9)
(the posts' updated spelling: tf.keras 2.21 drops Keras 2's `lr=` with a warning and trains at 0.01), fit with
validation_data and verbose=0, evaluate for the final scores printed with '%.3f', and a loop comparing learning
rates with and without batch normalization.
"""
from keras.datasets import mnist
from keras.layers import BatchNormalization
from keras.layers import Dense
from keras.models import Sequential
from keras.optimizers import SGD
from keras.utils import to_categorical


# load train and test dataset
def load_dataset():
    (trainX, trainY), (testX, testY) = mnist.load_data()
    trainX = trainX.reshape((trainX.shape[0], 28 * 28))
    testX = testX.reshape((testX.shape[0], 28 * 28))
    trainY = to_categorical(trainY)
    testY = to_categorical(testY)
    return trainX, trainY, testX, testY


# scale pixels
def prep_pixels(train, test):
    train_norm = train.astype('float32')
    test_norm = test.astype('float32')
    train_norm = train_norm / 255.0
    test_norm = test_norm / 255.0
    return train_norm, test_norm


# define mlp model
def define_model(lrate, batch_norm):
    model = Sequential()
    model.add(Dense(100, input_dim=784, activation='relu', kernel_initializer='he_uniform'))
    if batch_norm:
        model.add(BatchNormalization())
    model.add(Dense(100, activation='relu', kernel_initializer='he_uniform'))
    if batch_norm:
        model.add(BatchNormalization())
    model.add(Dense(10, activation='softmax'))
    opt = SGD(learning_rate=lrate, momentum=0.9)
    model.compile(optimizer=opt, loss='categorical_crossentropy', metrics=['accuracy'])
    return model


trainX, trainY, testX, testY = load_dataset()
trainX, testX = prep_pixels(trainX, testX)
print('Train: X=%s, y=%s' % (trainX.shape, trainY.shape))
print('Test: X=%s, y=%s' % (testX.shape, testY.shape))

for batch_norm in [False, True]:
    for lrate in [0.1, 0.01, 0.001]:
        model = define_model(lrate, batch_norm)
        history = model.fit(trainX, trainY, validation_data=(testX, testY), epochs=10, batch_size=32, verbose=0)
        _, train_acc = model.evaluate(trainX, trainY, verbose=0)
        _, test_acc = model.evaluate(testX, testY, verbose=0)
        print('batch_norm=%s, lrate=%g: Train: %.3f, Test: %.3f, final loss %.4f, val_loss %.4f'
              % (batch_norm, lrate, train_acc, test_acc, history.history['loss'][-1],
                 history.history['val_loss'][-1]))
