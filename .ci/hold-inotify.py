#!/usr/bin/env python3
"""Holds up to N inotify instances (default 100) until stopped, as an IDE, another test run and a few servers would.
Prints how many it holds once it holds them, so .ci/run can run the suite beside it."""
import ctypes, os, signal, sys

wanted = int(sys.argv[1]) if len(sys.argv) > 1 else 100
libc = ctypes.CDLL(None, use_errno=True)
held = []
while len(held) < wanted:
    fd = libc.inotify_init1(os.O_CLOEXEC)
    if fd < 0:
        break
    held.append(fd)
print(f"holding {len(held)} inotify instances", flush=True)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
signal.pause()
