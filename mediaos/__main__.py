"""`python -m mediaos` runs the CLI."""

from mediaos.cli import main

main()
