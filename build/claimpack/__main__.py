"""`python -m claimpack` runs the command line."""

from claimpack.cli import main

main()
