"""Run records of distributed mode: the ``crawl_runs`` row of a run that many processes crawled.

A distributed run of a site has an id (``<spider>:run`` in Redis, set by the process that starts
the run and read by every process that joins it: ``pipelines.redis_frontier``). Each crawler
process reports to the writer, through the item list the articles travel in
(``pipelines.redis_runs.RedisRunReportExtension``):

- when its crawl opens, a ``start`` report (site, run id, worker id, time);
- when it closes, after its last article was pushed, an ``end`` report: its close reason, its
  numeric Scrapy stats (requests, responses by status, errors by kind, pages served...) and its
  extraction tally (:class:`crawler.runs.HealthTally`: pages handed to extraction, rejected
  ones, articles with a date, author, title, their word counts).

Each article's envelope carries the run id too. The writer (``crawler ingest``) keeps one
``crawl_runs`` row per site and run id (``crawl_runs.distributed_run``), in the transaction of
the batch that brought the reports and articles (:func:`record_runs`): the row opens
(``running``) at the run's first report, counts the storage outcomes only the writer knows
(new, updated, unchanged, duplicate), keeps each process's report in ``crawl_runs.processes``,
and is completed once every process that started the run has reported its end: its figures are
the processes' summed stats and tallies, judged as a local run is (:func:`crawler.runs.run_record`:
``failed`` when no page of the whole run came back, or a process closed for an abnormal reason;
the health verdict against the site's own history). A row whose processes did not all report an
end (one was killed: SIGKILL, OOM) is completed as ``killed`` when the site's next run opens,
with what the others reported. A process that joins a completed run (it registered while the
last one was leaving) opens its row again.

Everything here is plain Python over a ``sqlite_utils.Database``; no Scrapy, no Redis.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime

from crawler.runs import (
    HealthFigures,
    HealthSettings,
    HealthTally,
    RunRecord,
    Verdict,
    _is_configured_bound,
    judge_health,
    run_record,
    stale_verdict,
)

logger = logging.getLogger(__name__)

# Stat of the shared frontier: the id of the distributed run this process crawls in.
RUN_ID_STAT = "distributed/run"
# ... and the id of this process in it (``<host>:<pid>:<token>.<pid namespace>``).
WORKER_ID_STAT = "distributed/worker"
RUN_REPORT_FORMAT = 1
EVENTS = ("start", "end")
# Reported tally fields (HealthTally's).
_TALLY_COUNTS = ("pages_fetched", "rejected", "with_date", "with_author", "with_title")


@dataclass(frozen=True)
class RunReport:
    """One crawler process's report on its part of a distributed run."""

    site: str
    run: str
    worker: str
    event: str
    """``start`` or ``end``."""
    started_at: str
    finished_at: str | None = None
    finish_reason: str | None = None
    stats: dict = field(default_factory=dict)
    """Numeric Scrapy stats of the process (``end`` only)."""
    tally: dict = field(default_factory=dict)
    """:class:`HealthTally` fields (``end`` only)."""
    stale_hours: float | None = None
    """The crawled profile's ``stale_hours`` (``end`` only; ``None``: not set, the writer's
    ``RUNS_HEALTH_STALE_HOURS`` holds). The writer may read another sites file, or none."""


def numeric_stats(stats: dict) -> dict[str, int | float]:
    """The numbers among a crawl's stats (times and strings left out)."""
    return {k: v for k, v in stats.items()
            if isinstance(k, str) and isinstance(v, (int, float)) and not isinstance(v, bool)}


def encode_run_report(report: RunReport) -> bytes:
    return json.dumps({"format": RUN_REPORT_FORMAT, "run_report": asdict(report)},
                      ensure_ascii=False).encode("utf-8")


def run_report_from_envelope(envelope: dict) -> RunReport:
    """The report in ``envelope["run_report"]``, every field checked (``ValueError``): a wrong type
    raised inside the writer's transaction would hold every item behind it."""
    data = envelope["run_report"]
    if not isinstance(data, dict):
        raise ValueError("a run report is not an object")
    for name in ("site", "run", "worker", "event", "started_at"):
        if not isinstance(data.get(name), str) or not data[name]:
            raise ValueError(f"a run report's {name} is not a string")
    if data["event"] not in EVENTS:
        raise ValueError(f"a run report's event is not one of {', '.join(EVENTS)}")
    for name in ("started_at", "finished_at"):
        if data.get(name) is not None:
            if not isinstance(data[name], str):
                raise ValueError(f"a run report's {name} is not a time")
            datetime.fromisoformat(data[name])
    if data.get("finish_reason") is not None and not isinstance(data["finish_reason"], str):
        raise ValueError("a run report's finish_reason is not a string")
    stats, tally = data.get("stats") or {}, data.get("tally") or {}
    if not isinstance(stats, dict) or any(not isinstance(v, (int, float)) or isinstance(v, bool)
                                          for v in stats.values()):
        raise ValueError("a run report's stats are not numbers")
    if not isinstance(tally, dict) or any(not isinstance(tally.get(n, 0), int) for n in _TALLY_COUNTS) \
            or not isinstance(tally.get("word_counts", []), list) \
            or any(not isinstance(w, int) or isinstance(w, bool) for w in tally.get("word_counts", [])):
        raise ValueError("a run report's tally is not counts")
    stale_hours = data.get("stale_hours")
    if stale_hours is not None and (isinstance(stale_hours, bool) or not isinstance(stale_hours, (int, float))
                                    or not 0 <= stale_hours < float("inf")):
        raise ValueError("a run report's stale_hours is not a number of hours")
    return RunReport(data["site"], data["run"], data["worker"], data["event"], data["started_at"],
                     data.get("finished_at"), data.get("finish_reason"), stats, tally,
                     None if stale_hours is None else float(stale_hours))


def tally_fields(tally: HealthTally) -> dict:
    return {**{n: getattr(tally, n) for n in _TALLY_COUNTS}, "word_counts": list(tally.word_counts)}


# --- the writer's side -----------------------------------------------------------------------
_OUTCOME_COLUMNS = {"new": "articles_new", "updated": "articles_updated", "unchanged": "articles_unchanged",
                    "duplicate": "articles_duplicate"}


def record_runs(db, events: list, *, pid: int, health: HealthSettings = HealthSettings()) -> list[int]:
    """Record a batch's run reports and its articles' storage outcomes in ``crawl_runs``, inside
    the caller's transaction, in the order the batch holds them (``events``: a :class:`RunReport`,
    or an article's ``(site, run id, status)``): a run whose start, articles and end came in one
    batch is judged with its articles counted (taken in two passes, reports first, a small site's
    whole run was judged with none: "no new article for 72 h"). Returns the ids of the rows
    completed."""
    completed = []
    for event in events:
        if isinstance(event, RunReport):
            if (row_id := _record_report(db, event, pid=pid, health=health)) is not None:
                completed.append(row_id)
            continue
        site, run, status = event
        column = _OUTCOME_COLUMNS.get(status)
        if column is None:
            continue
        row = db.execute("SELECT id FROM crawl_runs WHERE site = ? AND distributed_run = ?", [site, run]).fetchone()
        if row is not None:  # (an article of a run whose reports never came: counted nowhere)
            db.execute(f"UPDATE crawl_runs SET {column} = {column} + 1 WHERE id = ?", [row[0]])
    return completed


def _record_report(db, report: RunReport, *, pid: int, health: HealthSettings) -> int | None:
    """One process's start or end report; the row's id when it completed the run."""
    row_id, processes, status = _row(db, report.site, report.run, report.started_at, pid)
    entry = processes.get(report.worker)
    if report.event == "start":
        if entry is not None:
            return None  # a replayed batch
        processes[report.worker] = {"started_at": report.started_at}
        if status != "running":  # a process that joined as the run ended
            db.execute("UPDATE crawl_runs SET status = 'running', finished_at = NULL WHERE id = ?", [row_id])
    else:
        processes[report.worker] = {"started_at": report.started_at, "finished_at": report.finished_at,
                                    "finish_reason": report.finish_reason, "stats": report.stats,
                                    "tally": report.tally, "stale_hours": report.stale_hours}
    db.execute("UPDATE crawl_runs SET processes = ?, started_at = MIN(started_at, ?) WHERE id = ?",
               [json.dumps(processes), report.started_at, row_id])
    if report.event == "end" and all("finish_reason" in p for p in processes.values()):
        _complete(db, row_id, health=health)
        return row_id
    return None


def _row(db, site: str, run: str, started_at: str, pid: int) -> tuple[int, dict, str]:
    """The row of ``site``'s distributed run ``run``; opened (``running``) if there is none yet,
    after completing the site's earlier distributed rows still open as ``killed``."""
    row = db.execute("SELECT id, processes, status FROM crawl_runs WHERE site = ? AND distributed_run = ?",
                     [site, run]).fetchone()
    if row is not None:
        return row[0], json.loads(row[1] or "{}"), row[2]
    for (old_id,) in db.execute("SELECT id FROM crawl_runs WHERE site = ? AND status = 'running' AND "
                                "distributed_run IS NOT NULL", [site]).fetchall():
        _complete(db, old_id, killed=True)
    cursor = db.execute("INSERT INTO crawl_runs (site, started_at, status, pid, distributed_run, processes) "
                        "VALUES (?, ?, 'running', ?, ?, '{}')", [site, started_at, pid, run])
    return cursor.lastrowid, {}, "running"


def merged_finish_reason(reasons: list[str]) -> str | None:
    """One close reason for the run: an abnormal one of any process (it lost that process's
    work: ``redis_unavailable``, ``storage_failed``, ``setup_failed``...), else ``finished`` if
    any process finished, else a configured bound (``closespider_*``), else ``shutdown``."""
    for reason in reasons:
        if reason not in ("finished", "shutdown") and not _is_configured_bound(reason):
            return reason
    if "finished" in reasons:
        return "finished"
    return next((r for r in reasons if _is_configured_bound(r)), reasons[0] if reasons else None)


def merged_health(tallies: list[dict]) -> HealthFigures:
    tally = HealthTally()
    for t in tallies:
        for name in _TALLY_COUNTS:
            setattr(tally, name, getattr(tally, name) + int(t.get(name, 0)))
        tally.word_counts.extend(t.get("word_counts", []))
    return tally.figures()


def _complete(db, row_id: int, *, killed: bool = False, health: HealthSettings = HealthSettings()) -> RunRecord:
    """Complete the row from its processes' reports (``killed``: some never reported an end)."""
    site, started_at, processes, *stored = db.execute(
        "SELECT site, started_at, processes, articles_new, articles_updated, articles_unchanged, "
        "articles_duplicate FROM crawl_runs WHERE id = ?", [row_id]).fetchone()
    processes = json.loads(processes or "{}")
    ended = [p for p in processes.values() if "finish_reason" in p]
    stats: dict[str, float] = {}
    for p in ended:
        for key, value in p["stats"].items():
            stats[key] = stats.get(key, 0) + value
    figures = merged_health([p["tally"] for p in ended])
    reason = merged_finish_reason([p["finish_reason"] for p in ended])
    # the site's own staleness window, as its crawler processes' profile has it (the longest, should
    # they have read different sites files), else the writer's RUNS_HEALTH_STALE_HOURS
    windows = [p["stale_hours"] for p in ended if p.get("stale_hours") is not None]
    health = health.for_site(max(windows) if windows else None)
    verdict = Verdict(False) if killed else judge_health(db, site, figures, stats, before_id=row_id, health=health)
    finished_at = max((p["finished_at"] for p in ended if p.get("finished_at")), default=None)
    record = run_record(site, stats, figures, started_at=started_at, finished_at=finished_at,
                        finish_reason=reason, verdict=verdict)
    record.articles_new, record.articles_updated, record.articles_unchanged, record.articles_duplicate = stored
    if killed:
        # the reports of the processes that ended are not the run's: "no page could be fetched (0
        # requests)" of a run that fetched thousands; a killed local run has no failure text either
        record.failure = None
    if not killed and finished_at and (stale := stale_verdict(db, record, verdict, before_id=row_id, now=finished_at,
                                                               health=health)):
        # as a local run (pipelines/runs.py): nothing new for the site's stale_hours, else
        # RUNS_HEALTH_STALE_HOURS
        verdict = stale
        record.degraded, record.degraded_reason = 1, stale.reason
    if killed:
        record.status, record.finished_at = "killed", None
        logger.warning("distributed run %d of %s: %d of %d crawler process(es) never reported their end (killed: "
                       "SIGKILL, OOM, or their report was lost): marked killed", row_id, site,
                       len(processes) - len(ended), len(processes))
    elif record.failure:
        logger.error("%s failed (distributed run, %d process(es)): %s", site, len(processes), record.failure)
    elif verdict.degraded:
        logger.warning("%s: looks degraded: %s", site, verdict.reason)
    values = {k: v for k, v in asdict(record).items() if k not in ("site", "started_at")}
    db.execute(f"UPDATE crawl_runs SET {', '.join(f'{k} = ?' for k in values)} WHERE id = ?",
               [*values.values(), row_id])
    return record
