from .clip import *
from .esresnet import *
from .audioclip import AudioCLIP
