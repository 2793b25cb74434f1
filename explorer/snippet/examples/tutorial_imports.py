import numpy as np
import torch
import torch.nn as nn

