"""Training the parser's models: the shipped one from a corpus (`make train-parser`, `corpus.py`) and
an edition's own from its corrected issues (`sitegen train`, `edition.py`)."""
