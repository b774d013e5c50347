"""Everything that touches an output device or the environment.

Detection, the one screen per output device, the displays and the safe
writer: the only code in progbar that writes bytes.
"""
