stand-in: jina-ai/executor-cases has no license, so only this file's name is kept (see CORPUS.md)
