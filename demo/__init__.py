"""`make demo`: watch the quickstart YAML become a library, against real peers on loopback.

Why a package of its own, outside `mediaos/` and `tests/`: it is neither product code (it
starts qbittorrent-nox, transmission-daemon and opentracker and serves a fake indexer) nor a
test (a newcomer runs it and reads its output). It reuses the test suite's launchers in
`tests/peers`, so the demo and the suite start the peers the one way real-peers.md verified.

Layout: `catalogue` (what the loopback indexer offers, and which releases must be rejected),
`peers` (start and stop everything, by PID), `__main__` (the walk-through itself).
"""
