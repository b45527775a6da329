"""50 people logging in at the same moment (script/loadtest runs it): prints how long until the
last one is in, and how many were refused. Usage: loadtest_logins.py BASE_URL N"""

import concurrent.futures
import json
import os
import re
import sys
import threading
import time

import requests

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = os.environ.get("SCALE_PASSWORD", "do-hieu-nang-2026")


def log_in(base: str, username: str, start: threading.Barrier) -> tuple[bool, float]:
    session = requests.Session()
    token = CSRF.search(session.get(f"{base}/accounts/login/", timeout=60).text).group(1)
    start.wait()  # every login is sent at once
    began = time.perf_counter()
    response = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=120,
    )
    return response.status_code == 302, time.perf_counter() - began


def main(base: str, count: int) -> None:
    names = [f"canbo{i:02d}" for i in range(40)] + ["bantuyengiao1", "bantuyengiao2"]
    start = threading.Barrier(count)
    began = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        results = list(pool.map(lambda i: log_in(base, names[i % len(names)], start), range(count)))
    wall = time.perf_counter() - began
    slowest = max(seconds for _ok, seconds in results)
    print(
        json.dumps(
            {
                "name": "logins_at_once",
                "logins": count,
                "refused": sum(1 for ok, _s in results if not ok),
                "last_login_s": round(slowest, 2),
                "median_login_s": round(sorted(s for _ok, s in results)[count // 2], 2),
                "wall_s_with_login_pages": round(wall, 2),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), int(sys.argv[2]))
