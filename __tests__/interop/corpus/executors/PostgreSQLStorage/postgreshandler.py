stand-in for a 20639-byte file (the original is in the repository named in CORPUS.md)
