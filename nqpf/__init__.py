"""nqpf: an indicator warehouse for input-output analysis of digitalization and new quality
productive forces, with a knowledge layer linking each indicator to the theory around it."""

__version__ = "0.1.0"
