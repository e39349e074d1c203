"""Regex safety harness: every regex of the extractor against long adversarial strings.

Usage::

    python benchmarks/regex_safety.py [--length 5000] [--limit-ms 50] [--kill-after 2] [--all]

A regex with nested quantifiers over overlapping classes (``(?:\\w+\\s*){0,3}``,
``(?:[-\\s]+|x)*$``, ``(?:\\S+\\s*){1,4}$``) backtracks polynomially or exponentially on one
long run of letters or separators: one such paragraph in a page stalled a worker for hours
(QA report, ReDoS). This script collects, from the modules in :data:`MODULES`, every compiled
regex held at module level (also in tuples, lists and dicts) and every regex written as a
literal in a ``re.search/match/fullmatch/sub/findall/finditer/split/compile`` call inside a
function, and times each on every string of :func:`adversarial_inputs` the way the code calls
it: ``search`` (also for ``sub``, ``findall``, ``finditer``, ``split``: they scan every
position), ``match`` or ``fullmatch``, as found in the sources of ``crawler/``; a regex whose
calls are not found is timed with ``search`` and ``fullmatch``. It prints each regex's worst time (the slowest first; ``--all``
for every regex, else only those over ``--limit-ms``) and exits 1 if any is over the limit. A
regex is timed on its other strings only until its calls have taken 3 s (it is slow already).

Python's ``re`` cannot be interrupted mid-match, so the timings run in a child process that the
parent kills when one call takes longer than ``--kill-after`` seconds (reported as ``>N s``);
a fresh child goes on with the next regex. Not part of the test suite: it takes a minute or two
and its figures depend on the machine.
"""

from __future__ import annotations

import argparse
import ast
import importlib
import multiprocessing
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MODULES = ["crawler.boilerplate", "crawler.extract", "crawler.dates", "crawler.language",
           "crawler.embedded", "crawler.blocked", "crawler.encoding", "crawler.spellings",
           "crawler.urls", "crawler.discovery", "crawler.dedup", "crawler.sites",
           "crawler.profile_selectors"]
_RE_FUNCTIONS = {"search", "match", "fullmatch", "sub", "subn", "findall", "finditer", "split", "compile"}
# How a call scans: the methods that try every start position cost what ``search`` costs.
_TIMED_AS = {"search": "search", "sub": "search", "subn": "search", "findall": "search",
             "finditer": "search", "split": "search", "match": "match", "fullmatch": "fullmatch"}
SOURCES = Path(__file__).resolve().parent.parent / "crawler"


def adversarial_inputs(length: int) -> list[tuple[str, str]]:
    """``(label, text)`` pairs of about ``length`` characters: long runs of one letter (Latin,
    Arabic), digit or separator, and alternations of a letter and a separator, each bare,
    behind a label that the extractor's regexes look for ("Author: ", "By ", a URL) and before a
    tail that makes a match fail at the very end (or a date that makes it succeed late)."""
    units = ["a", "ا", "1", "١", " ", "-", ":", ".", ",", "/", "|", "\n", "_", "'",
             "a ", "ا ", "1 ", "a-", "a.", "a,", "a:", "a/", "a1", "aa ", "a, ", "a - ", "-\n"]
    heads = ["", "Author: ", "By Jane Doe ", "https://"]
    tails = ["", "!", " b c d e f", " Amman 12 May 2024"]
    inputs = []
    for unit in units:
        run = unit * max(1, (length // len(unit)))
        for head in heads:
            for tail in tails:
                inputs.append((f"{head!r}+{unit!r}*{len(run) // len(unit)}+{tail!r}", head + run + tail))
    return inputs


def _methods_called(name: str, sources: str) -> tuple[str, ...]:
    """How the code calls the module-level regex ``name`` (``NAME.search(``...), as timed methods."""
    called = {_TIMED_AS[m] for m in re.findall(rf"(?<![\w.]){re.escape(name)}\.(\w+)\(", sources)
              if m in _TIMED_AS}
    return tuple(sorted(called)) or ("fullmatch", "search")


def _literal_patterns(module) -> list[tuple[str, re.Pattern, tuple[str, ...]]]:
    """Regexes written as literals in ``re.<function>(r"...", ...)`` calls in the module's source."""
    source = Path(module.__file__).read_text(encoding="utf-8")
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                and node.func.attr in _RE_FUNCTIONS and node.args
                and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, (str, bytes))):
            continue
        flags = 0
        flag_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
        if flag_node is None and node.func.attr in {"search", "match", "fullmatch", "findall", "finditer"} \
                and len(node.args) >= 3:
            flag_node = node.args[2]
        if flag_node is None and node.func.attr == "compile" and len(node.args) >= 2:
            flag_node = node.args[1]
        if flag_node is not None:
            try:
                flags = eval(compile(ast.Expression(flag_node), "<flags>", "eval"), {"re": re})  # noqa: S307
            except Exception:  # noqa: BLE001 - a flag held in a variable: time without it
                flags = 0
        method = _TIMED_AS.get(node.func.attr)
        try:
            found.append((f"{module.__name__}:{node.lineno} (literal)", re.compile(node.args[0].value, flags),
                          (method,) if method else ("fullmatch", "search")))
        except re.error:
            pass
    return found


def collect_patterns() -> list[tuple[str, re.Pattern, tuple[str, ...]]]:
    """``(name, pattern, methods to time)`` for every regex of :data:`MODULES`, deduplicated by
    pattern and flags."""
    sources = "\n".join(path.read_text(encoding="utf-8") for path in sorted(SOURCES.rglob("*.py")))
    seen, patterns = set(), []

    def add(name, value, methods):
        key = (value.pattern, value.flags)
        if key not in seen:
            seen.add(key)
            patterns.append((name, value, methods))

    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if isinstance(value, re.Pattern):
                add(f"{module_name}.{name}", value, _methods_called(name, sources))
            elif isinstance(getattr(value, "compiled", None), re.Pattern):
                # a pattern behind a wrapper (an Arabic-tolerant one, one gated by its words)
                add(f"{module_name}.{name}", value.compiled, _methods_called(name, sources))
            elif isinstance(value, (tuple, list, dict)):
                items = value.items() if isinstance(value, dict) else enumerate(value)
                for key, item in items:
                    if isinstance(item, re.Pattern):
                        add(f"{module_name}.{name}[{key!r}]", item, ("fullmatch", "search"))
        for name, value, methods in _literal_patterns(module):
            add(name, value, methods)
    return patterns


# Seconds of calls after which a regex's other strings are not timed: it is slow already, and
# a quadratic regex timed on every string would take the script hours.
PATTERN_BUDGET = 3.0


def _time_calls(connection, start: int, length: int) -> None:
    """Child process: time call ``start`` onwards, sending ``(index, seconds)`` after each."""
    patterns, inputs = collect_patterns(), adversarial_inputs(length)
    calls = [(p, methods[i % len(methods)], text) for _, p, methods in patterns for _, text in inputs
             for i in range(2)]  # two slots per string: one method twice, or two methods
    per_pattern = len(inputs) * 2
    spent = 0.0
    for index in range(start, len(calls)):
        if index % per_pattern == 0:
            spent = 0.0
        elif spent > PATTERN_BUDGET:
            continue
        pattern, method, text = calls[index]
        if isinstance(pattern.pattern, bytes):
            text = text.encode("utf-8")
        connection.send((index, None))  # started: the parent times it from here
        began = time.perf_counter()
        getattr(pattern, method)(text)
        seconds = time.perf_counter() - began
        spent += seconds
        connection.send((index, seconds))
    connection.send((None, None))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--length", type=int, default=5000, help="characters per adversarial string")
    parser.add_argument("--limit-ms", type=float, default=50.0, help="a regex slower than this is reported")
    parser.add_argument("--kill-after", type=float, default=2.0, help="seconds before one call is abandoned")
    parser.add_argument("--all", action="store_true", help="print every regex's worst time")
    args = parser.parse_args(argv)

    patterns, inputs = collect_patterns(), adversarial_inputs(args.length)
    per_pattern = len(inputs) * 2
    worst: dict[int, tuple[float, int]] = {}  # pattern -> (seconds, call within the pattern)
    retried: set[int] = set()
    context = multiprocessing.get_context("spawn")
    index = 0
    total = len(patterns) * per_pattern
    while index < total:
        parent_end, child_end = context.Pipe()
        child = context.Process(target=_time_calls, args=(child_end, index, args.length), daemon=True)
        child.start()
        child_end.close()
        while True:
            if not parent_end.poll(120):  # the child's imports and set-up, or a lost child
                raise SystemExit(f"timing process silent at call {index}")
            started, seconds = parent_end.recv()
            if started is None:
                index = total
                break
            if seconds is None:  # a call started: wait for it at most kill_after
                if not parent_end.poll(args.kill_after):
                    child.kill()
                    child.join()
                    seconds = float("inf")
                else:
                    _, seconds = parent_end.recv()
            p, rest = divmod(started, per_pattern)
            if seconds == float("inf") and started not in retried:
                # once more in a fresh process: a loaded machine can stall any call for a while
                retried.add(started)
                index = started
                break
            if seconds > worst.get(p, (-1.0, 0))[0]:
                worst[p] = (seconds, rest)
            if seconds == float("inf"):  # no need to time the rest of this regex
                index = (p + 1) * per_pattern
                break
        child.join(timeout=5)

    slow = 0
    doubled = adversarial_inputs(2 * args.length)
    print(f"{len(patterns)} regexes x {len(inputs)} strings of ~{args.length} chars, timed as the code calls them")
    for p, (seconds, rest) in sorted(worst.items(), key=lambda kv: -kv[1][0]):
        over = seconds * 1000 > args.limit_ms
        slow += over
        if over or args.all:
            method = patterns[p][2][rest % 2 % len(patterns[p][2])]
            shown = f">{args.kill_after:g} s" if seconds == float("inf") else f"{seconds * 1000:8.2f} ms"
            growth = ""
            if over and seconds < args.kill_after:  # how it grows: x2 linear, x4 quadratic, x8 cubic
                pattern, text = patterns[p][1], doubled[rest // 2][1]
                method = patterns[p][2][rest % 2 % len(patterns[p][2])]
                if isinstance(pattern.pattern, bytes):
                    text = text.encode("utf-8")
                began = time.perf_counter()
                getattr(pattern, method)(text)
                growth = f"  x{(time.perf_counter() - began) / max(seconds, 1e-9):.1f} at twice the length"
            print(f"{'SLOW' if over else 'ok  '} {shown:>10}  {patterns[p][0]}  worst on "
                  f"{inputs[rest // 2][0]} {method}{growth}")
    print(f"{slow} regex(es) over {args.limit_ms:g} ms")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
