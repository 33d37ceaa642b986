"""Allow `python -m nofomo`."""

from nofomo.cli import main

main()
