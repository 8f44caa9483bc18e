from . import transforms

__all__ = [
    'transforms'
]
