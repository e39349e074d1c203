"""Importing this module makes the interpreter's exit skip its garbage collections.

At exit, the interpreter runs full collections over everything still alive. In a crawl process
(Scrapy, Twisted, lxml, trafilatura, the near-duplicate index) and in its extraction workers'
forkserver (the extractor imported) they took 0.5-5 s after the crawl's last "Spider closed"
line, the larger figure on a loaded machine, to find garbage that the end of the process frees
anyway. An exit handler freezes everything alive instead (``gc.freeze()``: left out of every
later collection). What matters is closed explicitly before exit (the store, the run records,
the workers' sockets); the collections would only have run finalizers of objects in reference
cycles.

Imported by ``pipelines/gctuning.py`` when the first spider opens, and by the forkserver
(``crawler.workers.start_forkserver`` names it among the modules it preloads). Importing it
again does nothing more. No settings.
"""

from __future__ import annotations

import atexit
import gc

atexit.register(gc.freeze)
