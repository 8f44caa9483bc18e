import pytest


@pytest.mark.gpu
def test_dummy_gpu():
    pass


def test_dummy():
    pass
