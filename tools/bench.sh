#!/usr/bin/env bash
# make bench: the peer benchmark (../shared/bench/peers) with our builder as peer "new".
#   SIZES="1000 10000"   corpus sizes run with the peers (Jekyll only at 1000: ~10 min per build at 10,000)
#   BIG=100000           one extra size run with our builder alone (empty: skip)
#   REPS=3               repetitions per scenario (median reported)
# Results: $PEERS_ROOT/results/ (default /tmp/peers), summarised by hand into docs/benchmarks.md.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
HARNESS=${HARNESS:-$HERE/../shared/bench/peers}
export PEERS_ROOT=${PEERS_ROOT:-/tmp/peers}
export REPS=${REPS:-3}
SIZES=${SIZES:-"1000 10000"}
BIG=${BIG-100000}
[ -d "$HARNESS" ] || { echo "bench: $HARNESS not found" >&2; exit 2; }

# Peers, as the harness README installs them (idempotent).
need=()
for p in hugo jekyll ruby-jekyll-paginate-v2 ruby-jekyll-feed ruby-jekyll-sitemap time; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"; fi
if [ ! -x "$PEERS_ROOT/venv/bin/pelican" ]; then
  python3 -m venv "$PEERS_ROOT/venv" && "$PEERS_ROOT/venv/bin/pip" install -q 'pelican==4.12.*' markdown
fi

export NEW_BUILD_CMD="$HERE/.venv/bin/site-builder build --quiet --site . --output public"
export NEW_CLEAN_CMD="rm -rf public .cache .public.spare .public.lock"
export NEW_OUT=public
"$HERE/.venv/bin/site-builder" --version
for n in $SIZES; do
  if [ "$n" -le 2000 ]; then peers="hugo jekyll pelican floor new"; else peers="hugo pelican floor new"; fi
  PEERS="$peers" bash "$HARNESS/run_bench.sh" "$n"
done
if [ -n "$BIG" ]; then
  REPS=1 PEERS="new floor" bash "$HARNESS/run_bench.sh" "$BIG"
fi
ls -t "$PEERS_ROOT"/results/*.md | head -n 5
