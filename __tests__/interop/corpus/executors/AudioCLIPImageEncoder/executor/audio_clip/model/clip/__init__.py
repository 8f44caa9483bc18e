from .model import CLIP
from .model import convert_weights


__all__ = ['CLIP', 'convert_weights']
