from .npfile import NumpyLMDBSearcher
