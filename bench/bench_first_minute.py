"""The first minute: seconds from `python app.py` (a fresh data folder) to "Student ready" in the page,
watched in headless Chromium, then one recipe classified in Try it; and the shipped student's recipes/s
against the from-scratch demo student's, side by side in one run.

    python bench/bench_first_minute.py                       # run from a fresh clone after `pip install -r requirements.txt`
    python bench/bench_first_minute.py --compare demo/adapter  # also the speed of another adapter, same texts, same run
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CHROMIUM = "/usr/bin/chromium"
RECIPE = ("Skillet Chicken Thighs\n\nIngredients:\n- 6 chicken thighs\n- 2 tbsp olive oil\n- 1 cup chicken broth\n\n"
          "Directions:\n1. Brown the thighs in the oil in a skillet, 8 minutes a side.\n2. Add the broth, cover and simmer 35 minutes.")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def seconds_to_ready(home: Path) -> dict:
    from playwright.sync_api import sync_playwright

    port = free_port()
    env = {**os.environ, "UNDERSTUDY_HOME": str(home)}
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "app.py", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=(home / "app.log").open("w"), stderr=subprocess.STDOUT)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu",
                                                                         "--no-first-run", "--disable-background-networking"])
            page = browser.new_page()
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}", timeout=5_000)
                    break
                except Exception:  # noqa: BLE001 - not listening yet
                    assert proc.poll() is None, (home / "app.log").read_text()
                    time.sleep(0.2)
            page_at = time.perf_counter() - start
            page.wait_for_function("document.querySelector('#status') && document.querySelector('#status').innerText.includes('Student ready')",
                                   timeout=900_000, polling=100)
            ready_at = time.perf_counter() - start
            page.locator("#recipe textarea").fill(RECIPE)
            page.click("#classify")
            page.wait_for_function("document.querySelector('#labels') && document.querySelector('#labels').innerText.includes('has_non_fish_meat')",
                                   timeout=120_000, polling=100)
            classified_at = time.perf_counter() - start
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    return {"page": round(page_at, 1), "student_ready": round(ready_at, 1), "first_recipe_classified": round(classified_at, 1)}


def recipes_per_second(adapter: str, texts: list[str]) -> float:
    from pipeline.student import LocalStudent

    student = LocalStudent(adapter)
    student.classify(texts[:64])  # warm up
    start = time.perf_counter()
    student.classify(texts)
    return round(len(texts) / (time.perf_counter() - start), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", default="", help="another adapter to time on the same texts in the same run")
    parser.add_argument("--n", type=int, default=2000, help="recipes to classify for the speed figure")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        print("fresh app:", seconds_to_ready(Path(home)), "(seconds since launch)", flush=True)
    from pipeline import process
    from pipeline.models import SHIPPED_ADAPTER
    from pipeline.sample import generate

    process.set_up()
    texts = [r["recipe"] for r in generate(args.n, seed=99)]
    print(f"shipped student: {recipes_per_second(str(SHIPPED_ADAPTER), texts)} recipes/s on {os.cpu_count()} cores ({args.n} recipes, batch 32)")
    if args.compare:
        print(f"{args.compare}: {recipes_per_second(args.compare, texts)} recipes/s")


if __name__ == "__main__":
    main()
