stand-in for a 29216-byte file (the original is in the repository named in CORPUS.md)
