stand-in: jina-ai/executor-text-clip-encoder has no license, so only this file's name is kept (see CORPUS.md)
