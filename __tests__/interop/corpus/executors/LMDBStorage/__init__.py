from .lmdb_storage import LMDBStorage
