stand-in for a 18590-byte file (the original is in the repository named in CORPUS.md)
