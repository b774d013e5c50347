"""Entry points for transfers: the urlretrieve reporthook and the file wrapper."""
