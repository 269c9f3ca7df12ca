#!/usr/bin/env bash
# `make run`: start the local stack and both services, ingest the sample corpus through the
# HTTP API, wait until it is scored, then print the practitioners ranked by credibility and
# where to look. `scripts/run.sh stop` stops the services.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
state=$root/.local/run
ingest_listen=${CREDSCORE_INGEST_LISTEN:-127.0.0.1:8080}
scorer_listen=${CREDSCORE_SCORER_LISTEN:-127.0.0.1:9101}
api_listen=${CREDSCORE_API_LISTEN:-127.0.0.1:8081}

stop_services() {
  for service in ingest scorer api; do
    if [[ -f $state/$service.pid ]]; then
      kill "$(cat "$state/$service.pid")" 2>/dev/null || true
      rm -f "$state/$service.pid"
    fi
  done
}

if [[ ${1:-} == stop ]]; then
  stop_services
  exit 0
fi

scripts/stack.sh up run
eval "$(scripts/stack.sh env run)"
echo "[run] building (release)"
cargo build --release --workspace --bins -q
stop_services
mkdir -p "$state"
CREDSCORE_INGEST_LISTEN=$ingest_listen nohup target/release/credscore-ingest >"$state/ingest.log" 2>&1 &
echo $! >"$state/ingest.pid"
CREDSCORE_SCORER_LISTEN=$scorer_listen nohup target/release/credscore-scorer >"$state/scorer.log" 2>&1 &
echo $! >"$state/scorer.pid"
CREDSCORE_API_LISTEN=$api_listen nohup target/release/credscore-api >"$state/api.log" 2>&1 &
echo $! >"$state/api.pid"

wait_for() {
  for _ in $(seq 1 100); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "[run] $2 did not start; see $state/$2.log" >&2; tail -n 20 "$state/$2.log" >&2; exit 1
}
wait_for "http://$ingest_listen/healthz" ingest
wait_for "http://$scorer_listen/healthz" scorer
wait_for "http://$api_listen/healthz" api

sample=$(ls corpus/*.jsonl)
expected=$(cat $sample | grep -c .)
before=$(psql "$CREDSCORE_DATABASE_URL" -qAtc "select count(*) from items" 2>/dev/null || echo 0)
echo "[run] ingesting $expected sample items through POST http://$ingest_listen/v1/items"
for file in $sample; do
  status=$(curl -sS -o "$state/last-response.json" -w '%{http_code}' -X POST \
    -H 'content-type: application/x-ndjson' --data-binary "@$file" "http://$ingest_listen/v1/items")
  [[ $status == 202 ]] || { echo "[run] ingest answered $status: $(cat "$state/last-response.json")" >&2; exit 1; }
done

echo -n "[run] waiting for the scorer"
for _ in $(seq 1 300); do
  scored=$(psql "$CREDSCORE_DATABASE_URL" -qAtc "select count(*) from scores s join models m on m.version = s.model_version and m.active" 2>/dev/null || echo 0)
  [[ $scored -ge $expected ]] && break
  echo -n "."; sleep 0.5
done
echo " $scored items scored"

echo
echo "Most credible practitioners (Bayesian score with 95% interval; cue rates = share of their items flagged):"
target/release/credscore practitioners --limit 8
echo
echo "Least credible:"
target/release/credscore practitioners --limit 8 --least-credible
echo
echo "Where to look:"
echo "  dashboard       http://$api_listen/   (ranking, practitioners, items with their evidence highlighted)"
echo "  read API        http://$api_listen/v1/practitioners   (OpenAPI: http://$api_listen/openapi.json)"
echo "  ingest API      POST http://$ingest_listen/v1/items   (metrics: http://$ingest_listen/metrics)"
echo "  scorer metrics  http://$scorer_listen/metrics"
echo "  database        psql $CREDSCORE_DATABASE_URL   (tables: practitioners, items, scores, models, rescore_jobs)"
echo "  logs            $state/ingest.log  $state/scorer.log  $state/api.log"
echo "  score offline   target/release/credscore score --input corpus/en_hard.jsonl | head -3"
echo "  stop            make down"
