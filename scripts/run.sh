#!/usr/bin/env bash
# `make run`: start the local stack and the services, ingest the sample corpus through the
# HTTP API, serve a sample blog feed with a comment thread (scripts/sample-feeds/) and poll
# it with `credscore feeds`, wait until everything is scored, then print the practitioners
# ranked by credibility and where to look. `scripts/run.sh stop` stops the services.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The same RUSTFLAGS as `make` (the profile of scoring, scripts/pgo.sh), so one build serves both.
eval "$(scripts/pgo.sh env)"
state=$root/.local/run
ingest_listen=${CREDSCORE_INGEST_LISTEN:-127.0.0.1:8080}
scorer_listen=${CREDSCORE_SCORER_LISTEN:-127.0.0.1:9101}
api_listen=${CREDSCORE_API_LISTEN:-127.0.0.1:8081}
feeds_listen=${CREDSCORE_FEEDS_LISTEN:-127.0.0.1:9102}
# Where the sample feeds are served (a static file server on loopback).
sample_feeds_listen=${CREDSCORE_SAMPLE_FEEDS_LISTEN:-127.0.0.1:8090}

stop_services() {
  for service in ingest scorer api feeds sample-feeds; do
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
# The review queue's forms need a reviewer token: yours if set, else one made for this machine
# and kept in .local/run/reviewer-token.
if [[ -z ${CREDSCORE_REVIEWER_TOKEN:-} ]]; then
  [[ -s $state/reviewer-token ]] || od -An -N12 -tx1 /dev/urandom | tr -d ' \n' >"$state/reviewer-token"
  CREDSCORE_REVIEWER_TOKEN=$(cat "$state/reviewer-token")
fi
export CREDSCORE_REVIEWER_TOKEN
CREDSCORE_INGEST_LISTEN=$ingest_listen nohup target/release/credscore-ingest >"$state/ingest.log" 2>&1 &
echo $! >"$state/ingest.pid"
CREDSCORE_SCORER_LISTEN=$scorer_listen nohup target/release/credscore-scorer >"$state/scorer.log" 2>&1 &
echo $! >"$state/scorer.pid"
CREDSCORE_API_LISTEN=$api_listen nohup target/release/credscore-api >"$state/api.log" 2>&1 &
echo $! >"$state/api.pid"
# The sample feeds, their {{BASE}} replaced by where they are served.
rm -rf "$state/sample-feeds" && mkdir -p "$state/sample-feeds"
for file in scripts/sample-feeds/*; do
  sed "s#{{BASE}}#http://$sample_feeds_listen#g" "$file" >"$state/sample-feeds/$(basename "$file")"
done
nohup python3 -m http.server --bind "${sample_feeds_listen%:*}" --directory "$state/sample-feeds" \
  "${sample_feeds_listen##*:}" >"$state/sample-feeds.log" 2>&1 &
echo $! >"$state/sample-feeds.pid"

wait_for() {
  for _ in $(seq 1 100); do curl -fsS "$1" >/dev/null 2>&1 && return 0; sleep 0.2; done
  echo "[run] $2 did not start; see $state/$2.log" >&2; tail -n 20 "$state/$2.log" >&2; exit 1
}
wait_for "http://$ingest_listen/healthz" ingest
wait_for "http://$scorer_listen/healthz" scorer
wait_for "http://$api_listen/healthz" api
wait_for "http://$sample_feeds_listen/blog.rss" sample-feeds

sample=$(ls corpus/*.jsonl)
expected=$(cat $sample | grep -c .)
before=$(psql "$CREDSCORE_DATABASE_URL" -qAtc "select count(*) from items" 2>/dev/null || echo 0)
echo "[run] ingesting $expected sample items through POST http://$ingest_listen/v1/items"
for file in $sample; do
  status=$(curl -sS -o "$state/last-response.json" -w '%{http_code}' -X POST \
    -H 'content-type: application/x-ndjson' --data-binary "@$file" "http://$ingest_listen/v1/items")
  [[ $status == 202 ]] || { echo "[run] ingest answered $status: $(cat "$state/last-response.json")" >&2; exit 1; }
done

sample_feed="http://$sample_feeds_listen/blog.rss"
echo "[run] polling the sample blog feed $sample_feed and its comment feed"
target/release/credscore feeds add "$sample_feed" --lang fr --every 10m
target/release/credscore feeds poll --once ||
  echo "[run] a feed failed to poll: target/release/credscore feeds list says why" >&2
# From now on credscore-feeds polls it every 10 minutes (a 304 while it is unchanged).
CREDSCORE_FEEDS_LISTEN=$feeds_listen nohup target/release/credscore-feeds >"$state/feeds.log" 2>&1 &
echo $! >"$state/feeds.pid"
wait_for "http://$feeds_listen/healthz" feeds
from_feeds=$(psql "$CREDSCORE_DATABASE_URL" -qAtc "select count(*) from feed_items")
expected=$((expected + from_feeds))

echo -n "[run] waiting for the scorer"
for _ in $(seq 1 300); do
  scored=$(psql "$CREDSCORE_DATABASE_URL" -qAtc "select count(*) from scores s join models m on m.version = s.model_version and m.active" 2>/dev/null || echo 0)
  [[ $scored -ge $expected ]] && break
  echo -n "."; sleep 0.5
done
echo " $scored items scored"
# A database kept from an earlier run keeps the model activated then; say so when this build's
# built-in model is another one.
active=$(psql "$CREDSCORE_DATABASE_URL" -qAtc "select version from models where active" 2>/dev/null || true)
builtin=$(echo '{"id":"v","author":"v","text":"version"}' | target/release/credscore score --no-copies --input - |
  sed -n 's/.*"model_version":"\([0-9a-f]*\)".*/\1/p')
echo "[run] scored with model $active"
if [[ -n $active && -n $builtin && $active != "$builtin" ]]; then
  echo "[run] this build's built-in model is $builtin; this database keeps the one activated earlier. To switch:"
  echo "      target/release/credscore model register models/default.json && target/release/credscore model activate $builtin && target/release/credscore rescore"
fi
# The scorer recomputes peer standing every few minutes; do it now for the sample's threads.
target/release/credscore standing

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
echo "  review queue    http://$api_listen/review   (reviewer token: $CREDSCORE_REVIEWER_TOKEN; labels feed \`credscore train --with-labels\`)"
echo "  models          http://$api_listen/models   (registry, calibration charts)"
echo "  feeds           http://$api_listen/feeds   (credscore feeds list; metrics: http://$feeds_listen/metrics; sample served at $sample_feed)"
echo "  scorer metrics  http://$scorer_listen/metrics"
echo "  database        psql $CREDSCORE_DATABASE_URL   (tables: practitioners, items, scores, engagements, peer_standing, copies, copy_index, item_labels, disputes, models, rescore_jobs, feeds, feed_items)"
echo "  logs            $state/ingest.log  $state/scorer.log  $state/api.log  $state/feeds.log"
echo "  score offline   target/release/credscore score --input corpus/en_hard.jsonl | head -3"
echo "  stop            make down"
