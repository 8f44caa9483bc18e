from .faiss_lmdb import FaissLMDBSearcher
