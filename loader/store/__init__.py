"""The SQLite store: schema names, ids, the index fingerprint and the build."""
