"""Throughput of the main endpoints as a ratio to GET /healthz, on one app node directly and
through nginx over two app nodes (issue 16, docs/benchmarks.md, docs/capacity.md).

A ratio is robust on a shared machine: /healthz (no database) is measured in the same run, on
the same target, with the same clients, so a busy neighbour slows both alike. The absolute
requests per second are printed too; docs/capacity.md uses them per kind of request.

The cluster is the drill's (bench/cluster_common.py): its own PostgreSQL and Redis, uvicorn
nodes with one process each, production settings, loopback only. Each measurement is a closed
loop of --clients threads for --seconds after a one-second warm-up, at most --max-requests.

    .venv/bin/python bench/cluster_ratios.py [--base-port 8123] [--clients 8] [--seconds 8]
"""

from __future__ import annotations

import argparse
import http.client
import json
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.cluster_common import Cluster, log
from bench.triage_api_load import query_strings
from bench.triage_common import percentile

FORM = {"Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "nl"}


def endpoints() -> dict[str, list[tuple[str, str, bytes | None, dict[str, str]]]]:
    finder = [
        urlencode([("step", "violence"), ("action", "next"), ("role", role), ("violence", violence)]).encode()
        for role in ("victim", "relative", "bystander", "perpetrator")
        for violence in ("sexual_violence", "domestic_violence", "child_abuse")
    ]
    return {
        "healthz": [("GET", "/healthz", None, {})],
        "recommendations": [("GET", path, None, {}) for path in query_strings(300)],
        "organisations": [("GET", "/api/v1/organisations", None, {})],
        "directory page": [("GET", "/organisaties/", None, {"Accept-Language": "nl"})],
        "help-finder step": [("POST", "/vragen/", body, FORM) for body in finder],
    }


def measure(port: int, requests: list, clients: int, seconds: float, max_requests: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    issued = 0
    lock = threading.Lock()

    def run(offset: int, stop_at: float, record: bool) -> None:
        nonlocal errors, issued
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        position = offset
        while time.monotonic() < stop_at:
            with lock:
                if issued >= max_requests:
                    return
                issued += record
            method, path, body, headers = requests[position % len(requests)]
            position += clients
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
            if record:
                with lock:
                    if ok:
                        latencies.append((time.perf_counter() - started) * 1000)
                    else:
                        errors += 1

    for record, duration in ((False, 1.0), (True, seconds)):
        stop_at = time.monotonic() + duration
        threads = [threading.Thread(target=run, args=(i, stop_at, record)) for i in range(clients)]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
    latencies.sort()
    return {
        "rps": len(latencies) / wall,
        "p50": percentile(latencies, 0.5),
        "p99": percentile(latencies, 0.99),
        "errors": errors,
        "requests": len(latencies),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-port", type=int, default=8123)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=8)
    parser.add_argument("--max-requests", type=int, default=20_000, help="per measurement")
    args = parser.parse_args()
    results: dict[str, dict[str, dict[str, float]]] = {}
    with Cluster(args.base_port, workers=0) as cluster:
        targets = {"one node": cluster.node_ports[0], "nginx, two nodes": cluster.nginx_port}
        for target, port in targets.items():
            results[target] = {}
            for name, requests in endpoints().items():
                results[target][name] = measure(port, requests, args.clients, args.seconds, args.max_requests)
                r = results[target][name]
                log(f"{target}: {name} {r['rps']:.0f} req/s p50 {r['p50']:.0f} ms p99 {r['p99']:.0f} ms")
    print()
    print("| endpoint | one node req/s | ratio | p99 ms | nginx + two nodes req/s | ratio | p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in endpoints():
        cells = []
        for target in targets:
            r = results[target][name]
            ratio = r["rps"] / results[target]["healthz"]["rps"]
            cells += [f"{r['rps']:.0f}", f"{ratio:.2f}", f"{r['p99']:.0f}"]
        print(f"| {name} | " + " | ".join(cells) + " |")
    errors = sum(r["errors"] for per in results.values() for r in per.values())
    print(json.dumps({t: {n: round(r["rps"], 1) for n, r in per.items()} for t, per in results.items()}))
    print(f"errors: {errors:.0f}; {args.clients} clients, {args.seconds:.0f} s per measurement")
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
