"""The client side of the load benchmark: one process per client, each with its own persistent HTTP/1.1
connection (``http.client``), so that 16 clients on 2 cores are not held back by one interpreter's lock.

The processes are started once and reused for every endpoint. For each measurement all clients start at the
same instant and send requests back to back until the time is up; each answer's status, latency and
``X-Query-Count`` header are recorded.
"""

import http.client
import math
import multiprocessing
import statistics
import time
from collections import Counter
from dataclasses import asdict, dataclass, field

QUERY_COUNT_HEADER = "X-Query-Count"
START_DELAY = 0.3  # seconds between handing out a job and its start, so that every client starts together


@dataclass
class Measurement:
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    errors: int  # answers that were not 2xx, and requests that got no answer
    statuses: dict[str, int] = field(default_factory=dict)
    queries: float | None = None  # median statements per successful request
    queries_min: int | None = None
    queries_max: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(sorted_values: list[float], fraction: float) -> float:
    """The nearest-rank percentile of an ascending list (0.0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, min(len(sorted_values), math.ceil(round(fraction * len(sorted_values), 9))))
    return sorted_values[rank - 1]


def summarise(samples: list[tuple[float, int, int | None]], started: float, finished: float) -> Measurement:
    """``samples`` are (latency in seconds, status, query count or None) of every request of a measurement."""
    latencies = sorted(sample[0] * 1000 for sample in samples)
    statuses = Counter(str(sample[1]) for sample in samples)
    queries = [sample[2] for sample in samples if sample[2] is not None and 200 <= sample[1] < 300]
    seconds = max(finished - started, 1e-9)
    return Measurement(
        requests=len(samples),
        seconds=round(seconds, 3),
        rps=len(samples) / seconds,
        p50_ms=percentile(latencies, 0.50),
        p95_ms=percentile(latencies, 0.95),
        errors=sum(1 for sample in samples if not 200 <= sample[1] < 300),
        statuses=dict(statuses),
        queries=statistics.median(queries) if queries else None,
        queries_min=min(queries) if queries else None,
        queries_max=max(queries) if queries else None,
    )


def _client(host: str, port: int, jobs, results) -> None:
    """One client process: runs the jobs it is given until it receives ``None``."""
    results.put("ready")
    while (job := jobs.get()) is not None:
        path, headers, start_at, end_at = job
        samples: list[tuple[float, int, int | None]] = []
        connection = http.client.HTTPConnection(host, port, timeout=300)
        time.sleep(max(0.0, start_at - time.monotonic()))
        cpu = time.process_time()
        finished = start_at
        while (begin := time.monotonic()) < end_at:
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
                count = response.getheader(QUERY_COUNT_HEADER)
                queries = int(count) if count is not None else None
            except (OSError, http.client.HTTPException):
                connection.close()  # the next request opens a new connection
                status, queries = 0, None
                time.sleep(0.01)
            finished = time.monotonic()
            samples.append((finished - begin, status, queries))
        connection.close()
        results.put((samples, finished, time.process_time() - cpu))


class ClientPool:
    """``clients`` processes, each sending one request at a time over its own connection."""

    def __init__(self, host: str, port: int, clients: int):
        self.cpu_seconds = 0.0  # CPU time the clients used while measuring, to show they are not the bottleneck
        self.wall_seconds = 0.0
        context = multiprocessing.get_context("spawn")
        self.results = context.Queue()
        self.queues = [context.Queue() for _ in range(clients)]
        self.processes = [
            context.Process(target=_client, args=(host, port, queue, self.results), daemon=True)
            for queue in self.queues
        ]
        for process in self.processes:
            process.start()
        for _ in self.processes:  # started and imported: from now on a job starts within START_DELAY
            if self.results.get(timeout=120) != "ready":
                raise RuntimeError("a client process did not start")

    def run(self, path: str, headers: dict[str, str], seconds: float) -> tuple[list, float]:
        """All clients on ``path`` for ``seconds``: the samples, and the time from the start to the last answer."""
        start_at = time.monotonic() + START_DELAY
        for queue in self.queues:
            queue.put((path, headers, start_at, start_at + seconds))
        samples: list[tuple[float, int, int | None]] = []
        finished = start_at
        for _ in self.queues:
            client_samples, client_finished, client_cpu = self.results.get()
            samples.extend(client_samples)
            finished = max(finished, client_finished)
            self.cpu_seconds += client_cpu
        self.wall_seconds += finished - start_at
        return samples, finished - start_at

    def measure(self, path: str, headers: dict[str, str], seconds: float) -> Measurement:
        samples, elapsed = self.run(path, headers, seconds)
        return summarise(samples, 0.0, elapsed)

    def compare(
        self, first: tuple[str, dict[str, str]], second: tuple[str, dict[str, str]], seconds: float, rounds: int = 1
    ) -> tuple[Measurement, Measurement]:
        """``seconds`` on each of two paths, in ``rounds`` alternating slices (first, second, first, …), so that
        on a machine whose other load changes both are measured under the same conditions."""
        collected: list[tuple[list, float]] = [([], 0.0), ([], 0.0)]
        for _ in range(rounds):
            for index, (path, headers) in enumerate((first, second)):
                samples, elapsed = self.run(path, headers, seconds / rounds)
                collected[index][0].extend(samples)
                collected[index] = (collected[index][0], collected[index][1] + elapsed)
        return (
            summarise(collected[0][0], 0.0, collected[0][1]),
            summarise(collected[1][0], 0.0, collected[1][1]),
        )

    def close(self) -> None:
        for queue in self.queues:
            queue.put(None)
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
