"""Figures from a load phase's requests, and the table the benchmark prints."""

import math
from dataclasses import asdict, dataclass

COLUMNS = [
    ("class", "<", 20),
    ("phase", "<", 5),
    ("requests", ">", 8),
    ("errors", ">", 6),
    ("req/s", ">", 8),
    ("p50", ">", 8),
    ("p99", ">", 8),
    ("of bare", ">", 7),
    ("queries", ">", 7),
]


def percentile(values, percent):
    """The nearest-rank percentile: the smallest value with at least `percent`% of the
    values at or below it. None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class Row:
    name: str
    phase: str
    requests: int
    errors: int
    rate: float  # requests a second
    p50: float | None  # seconds
    p99: float | None
    share: float | None = None  # of the bare view's requests a second
    queries: str = ""

    def as_dict(self):
        return asdict(self)


def summarise(name, phase, *runs):
    """A Row for one or more load runs of a class; any status but 200 is an error."""
    requests = [request for run in runs for request in run.requests]
    latencies = [latency for _, latency, _ in requests]
    elapsed = sum(run.elapsed for run in runs)
    return Row(
        name=name,
        phase=phase,
        requests=len(requests),
        errors=sum(1 for _, _, status in requests if status != 200),
        rate=len(requests) / elapsed if elapsed else 0.0,
        p50=percentile(latencies, 50),
        p99=percentile(latencies, 99),
    )


def duration(seconds):
    if seconds is None:
        return "-"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 0.1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds * 1000:.1f} ms"


def rate(value):
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def share(value):
    if value is None:
        return "-"
    if value >= 0.1:
        return f"{value:.0%}"
    return f"{value:.1%}" if value >= 0.01 else f"{value:.2%}"


def cells(row):
    return [
        row.name,
        row.phase,
        f"{row.requests:,}",
        f"{row.errors:,}",
        rate(row.rate),
        duration(row.p50),
        duration(row.p99),
        share(row.share),
        row.queries or "-",
    ]


def table(rows):
    """A plain-text table, one line per row, columns aligned."""
    widths = [
        max([width, *(len(cells(row)[i]) for row in rows)])
        for i, (_, _, width) in enumerate(COLUMNS)
    ]
    lines = [[title for title, _, _ in COLUMNS], *(cells(row) for row in rows)]
    return "\n".join(
        "  ".join(
            f"{cell:{align}{width}}"
            for cell, (_, align, _), width in zip(line, COLUMNS, widths, strict=True)
        ).rstrip()
        for line in lines
    )


def markdown(rows):
    """The same table in Markdown, for the README."""
    lines = [[title for title, _, _ in COLUMNS], *(cells(row) for row in rows)]
    aligns = ["---:" if align == ">" else "---" for _, align, _ in COLUMNS]
    return "\n".join("| " + " | ".join(line) + " |" for line in [lines[0], aligns, *lines[1:]])
