"""Entry points for training loops: one epoch's line, the loop over epochs, Keras's callback."""
