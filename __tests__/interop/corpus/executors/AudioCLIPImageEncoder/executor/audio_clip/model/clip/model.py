stand-in for a 17247-byte file (the original is in the repository named in CORPUS.md)
