"""The load driver: a second process that requests the served app over loopback (stdlib only).

    python -m bench.drive plan.json result.json

Latency: each page is requested ``repeat`` times, each request preceded by one to the bare view with
the same session, so page and bare view share the machine's conditions. Mixed load: ``threads``
clients share a bounded number of requests over every (page, role), round-robin.
"""

import http.client
import itertools
import json
import sys
import threading
import time


def request(host, port, url, cookie) -> tuple[float, int]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=60)
    try:
        connection.request("GET", url, headers={"Cookie": f"sessionid={cookie}", "Host": host})
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0
    finally:
        connection.close()
    return (time.perf_counter() - started) * 1000, status


def latency(plan) -> list[dict]:
    host, port, bare, cookies = plan["host"], plan["port"], plan["bare_url"], plan["cookies"]
    samples = [{"page": [], "bare": [], "errors": 0} for _ in plan["pages"]]
    for page in plan["pages"]:  # warm-up: one of each
        request(host, port, page["url"], cookies[page["role"]])
    request(host, port, bare, cookies[plan["pages"][0]["role"]])
    order = list(range(len(plan["pages"])))
    for round_number in range(plan["repeat"]):
        # A different order each round, so that no page always follows the same neighbour.
        rotated = order[round_number % len(order) :] + order[: round_number % len(order)]
        for index in rotated:
            page = plan["pages"][index]
            cookie = cookies[page["role"]]
            bare_ms, bare_status = request(host, port, bare, cookie)
            page_ms, page_status = request(host, port, page["url"], cookie)
            samples[index]["bare"].append(bare_ms)
            samples[index]["page"].append(page_ms)
            samples[index]["errors"] += (bare_status != 200) + (page_status != 200)
    return samples


def mixed(plan) -> dict:
    host, port, cookies = plan["host"], plan["port"], plan["cookies"]
    targets = itertools.cycle([(p["url"], cookies[p["role"]]) for p in plan["pages"]])
    lock = threading.Lock()
    remaining = [plan["mixed_total"]]
    errors, statuses = [0], {}

    def worker():
        while True:
            with lock:
                if remaining[0] <= 0:
                    return
                remaining[0] -= 1
                url, cookie = next(targets)
            _, status = request(host, port, url, cookie)
            if status != 200:
                with lock:
                    errors[0] += 1
                    statuses[status] = statuses.get(status, 0) + 1

    threads = [threading.Thread(target=worker) for _ in range(plan["threads"])]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "requests": plan["mixed_total"],
        "threads": plan["threads"],
        "seconds": round(elapsed, 2),
        "requests_per_second": round(plan["mixed_total"] / elapsed, 1),
        "errors": errors[0],
        "error_statuses": {str(k): v for k, v in statuses.items()},
    }


def main(plan_path, result_path):
    with open(plan_path) as handle:
        plan = json.load(handle)
    result = {"latency": latency(plan), "mixed": mixed(plan)}
    with open(result_path, "w") as handle:
        json.dump(result, handle)


if __name__ == "__main__":
    main(*sys.argv[1:3])
