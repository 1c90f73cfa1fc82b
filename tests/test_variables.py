"""`Variable` and `backend.get_value` / `set_value`: the learning rate as Keras exposes it."""
import numpy as np
import pytest

from minigrad import backend
from minigrad.variables import Variable


def test_assigned_value_is_rounded_to_float32_like_a_keras_float32_variable():
    assert Variable(0.1).numpy() == np.float32(0.1)
    assert Variable(0.1).numpy().dtype == np.float32


def test_float_of_a_variable_is_its_float32_value_widened():
    assert float(Variable(0.1)) == float(np.float32(0.1))


def test_arithmetic_with_a_python_float_stays_float32_as_nep50_promotes():
    product = Variable(0.1) * 0.5
    assert product.dtype == np.float32 and product == np.float32(0.1) * np.float32(0.5)


def test_reflected_arithmetic_and_division():
    assert 1.0 - Variable(0.25) == np.float32(0.75)
    assert Variable(1.0) / 4 == np.float32(0.25)


def test_round_gives_a_python_float_as_keras_documents_round_of_learning_rate():
    assert round(Variable(0.01), 5) == 0.01


def test_format_and_percent_formatting_use_the_value():
    assert f"{Variable(0.5):.2f}" == "0.50" and "%6.4f" % Variable(0.5) == "0.5000"  # noqa: UP031 (tested)


def test_numpy_functions_accept_a_variable():
    assert np.exp(Variable(0.0)) == 1.0


def test_comparisons_compare_values():
    assert Variable(0.5) > 0.25 and Variable(0.5) == 0.5 and Variable(0.5) != Variable(0.25)


def test_set_value_then_get_value_round_trips_through_float32():
    lr = Variable(0.1)
    backend.set_value(lr, 0.003)
    assert backend.get_value(lr) == np.float32(0.003)


def test_get_value_passes_plain_numbers_through_like_tf_keras():
    assert backend.get_value(0.25) == 0.25


def test_set_value_on_a_plain_number_is_a_type_error_naming_it():
    with pytest.raises(TypeError, match="x=0.25"):
        backend.set_value(0.25, 0.1)


def test_assigning_a_non_scalar_is_a_type_error_naming_the_value():
    with pytest.raises(TypeError, match=r"value=\[1, 2\]"):
        Variable(0.1, name="learning_rate").assign([1, 2])


def test_assigning_a_string_is_a_type_error():
    with pytest.raises(TypeError, match="value='fast'"):
        Variable(0.1).assign("fast")


def test_float64_floatx_gives_a_float64_variable():
    backend.set_floatx("float64")
    try:
        assert Variable(0.1).numpy() == 0.1 and Variable(0.1).dtype == "float64"
    finally:
        backend.set_floatx("float32")
