"""The shared kernel: the few types every package may import, and nothing that does I/O."""
