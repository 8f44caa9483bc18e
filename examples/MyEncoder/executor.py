import hashlib

import numpy as np
from jina import DocumentArray, Executor, requests


class MyEncoder(Executor):
    """Turns each document's text into an 8-dimensional vector derived from its hash."""

    def __init__(self, dim: int = 8, **kwargs):
        super().__init__(**kwargs)
        self.dim = dim

    @requests
    def encode(self, docs: DocumentArray, **kwargs):
        for doc in docs:
            digest = hashlib.sha256((doc.text or '').encode('utf-8')).digest()
            doc.embedding = np.frombuffer(digest[: self.dim], dtype=np.uint8).astype('float32') / 255.0
