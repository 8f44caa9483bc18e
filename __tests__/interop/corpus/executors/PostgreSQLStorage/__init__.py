from .postgres_indexer import PostgreSQLStorage
