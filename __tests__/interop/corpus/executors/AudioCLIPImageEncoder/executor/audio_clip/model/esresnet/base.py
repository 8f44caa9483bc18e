stand-in for a 22523-byte file (the original is in the repository named in CORPUS.md)
