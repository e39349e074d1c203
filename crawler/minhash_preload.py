"""Imported by the extraction workers' forkserver: numpy, datasketch's ``MinHash`` and the
permutations of the default ``DEDUP_NUM_PERM``, made once there and inherited by every worker
forked from it.

Each worker made them itself on its first page: numpy's import and the permutations, ~80 ms of
CPU per worker (a worker's first page cost ~100 ms against ~20 for the next ones), after the
spider had opened (issue 7). ``pipelines.extract.page_pool`` names this module among the pool's
preloads when near-duplicate detection is on; a crawl with another ``DEDUP_NUM_PERM`` makes its
own permutations in each worker, as before. Importing it anywhere else only costs that time.
"""

from __future__ import annotations

from crawler.dedup import warm_up_minhash

warm_up_minhash(128)
