#!/usr/bin/env bash
# The README's proxy loop, as a user runs it, offline: the "GPT-4" upstream is `serve` with the shipped tiny student.
#   bash bench/proxy_loop.sh [WORKDIR]      (about 5 minutes on 2 cores; uses ports 8100 and 8301)
# record 600 calls -> prepare from the store -> train a tiny student -> student mode with audits on 200 calls ->
# calibrate on the audited rows -> switch to cascade over HTTP -> 100 calls; then checks no caller key was written.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-/tmp/understudy-proxy-loop}
mkdir -p "$WORK" && cd "$WORK" && rm -rf data && mkdir -p data
export PYTHONPATH=$ROOT
P="python -m pipeline"
$P sample --n 600 --seed 5 --out data/s1 >/dev/null
$P sample --n 300 --seed 6 --out data/s2 >/dev/null
$P serve --adapter tiny --model-name gpt-4 --port 8301 > data/serve.log 2>&1 &
UP=$!
sleep 8
send() {  # send FILE N: the caller's code, unchanged but for base_url
python - "$1" "$2" <<'PY'
import json, sys
from concurrent.futures import ThreadPoolExecutor
from openai import OpenAI
from pipeline.task import load_task
task = load_task("recipes")
rows = [json.loads(l) for l in open(sys.argv[1])][: int(sys.argv[2])]
client = OpenAI(base_url="http://127.0.0.1:8100/v1", api_key="sk-caller-key")
def one(r):
    raw = client.chat.completions.with_raw_response.create(**task.chat_request("gpt-4", "tools", r["recipe"]))
    return raw.headers.get("x-understudy-answered-by")
with ThreadPoolExecutor(8) as pool:
    who = list(pool.map(one, rows))
print({w: who.count(w) for w in set(who)})
PY
}
$P proxy --upstream http://127.0.0.1:8301/v1 --store data/proxy.sqlite > data/proxy1.log 2>&1 &
PX=$!; sleep 6
echo "record:"; send data/s1/unlabeled.jsonl 600
kill $PX; wait $PX || true
$P prepare --input data/proxy.sqlite --out data/prepared | head -3
$P train --dataset data/prepared/dataset --out data/adapter --base-model "$ROOT/pipeline/demo_student/base" --epochs 4 2>&1 | tail -2
export PROXY_ADMIN=admin-key
$P proxy --adapter data/adapter --mode student --audit-rate 0.5 --admin-key-env PROXY_ADMIN --upstream http://127.0.0.1:8301/v1 --store data/proxy.sqlite > data/proxy2.log 2>&1 &
PX=$!; sleep 8
echo "student:"; send data/s2/unlabeled.jsonl 200
sleep 2
curl -s localhost:8100/v1/understudy/stats | python -c "import json,sys; d=json.load(sys.stdin); print(d['stored'], d['audits']['audited'], d['audits']['agreement'], d['audits']['high'], d['audits']['warnings'])"
$P calibrate --adapter data/adapter --input data/proxy.sqlite --split audit --target-agreement 0.95 2>&1 | tail -4
curl -s -X POST localhost:8100/admin/mode -H "Authorization: Bearer $PROXY_ADMIN" -d '{"mode": "cascade"}'; echo
echo "cascade:"; tail -n 100 data/s2/unlabeled.jsonl > data/s2/last.jsonl; send data/s2/last.jsonl 100
curl -s localhost:8100/v1/understudy/stats | python -c "import json,sys; d=json.load(sys.stdin); print(d['mode'], d['threshold'], d['stored'], d['counts'])"
kill $PX $UP
echo "files holding the caller's key (none expected):"; grep -l sk-caller-key data/proxy.sqlite* data/*.log || echo none
