"""``python -m progbar``'s demo and the local HTTP server it downloads from."""
