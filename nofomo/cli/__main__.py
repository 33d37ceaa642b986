"""Allow `python -m nofomo.cli`."""

from nofomo.cli import main

main()
