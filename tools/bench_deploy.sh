#!/usr/bin/env bash
# The Pages workflow's build, simulated on the bench corpus (../shared/bench/peers/gen_corpus.py):
# what a push that adds one article costs when .cache/ and output/ are restored, against a cold
# build and against the same addition made locally. Results go to docs/benchmarks.md by hand.
#   bash tools/bench_deploy.sh 1000        (N articles; WORK=/tmp/deploy-bench by default)
# Each "run" is a fresh clone of the site's repository into the same folder, as actions/checkout
# makes it on a runner (the build's records are keyed by the output folder's absolute path); the
# Actions cache is a folder the run copies .cache/ and output/ from and back to. Not simulated: the
# cache's download (its size is printed) and pip install.
set -euo pipefail
N=${1:-1000}
HERE=$(cd "$(dirname "$0")/.." && pwd)
GEN=${GEN:-$HERE/../shared/bench/peers/gen_corpus.py}
TOOL=${TOOL:-$HERE/.venv/bin/site-builder}
W=${WORK:-/tmp/deploy-bench}/n$N
BASE=https://bench.github.io/news/
[ -f "$GEN" ] || { echo "bench_deploy: $GEN not found" >&2; exit 2; }
rm -rf "$W" && mkdir -p "$W"
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@bench.test GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@bench.test

python3 "$GEN" gen --n "$N" --out "$W/corpus" >/dev/null
mkdir "$W/site" && mv "$W/corpus/neutral/content" "$W/site/content"
printf 'title = "Bench"\nbase_url = "%s"\n' "$BASE" > "$W/site/site.toml"
printf '/output/\n/.cache/\n/.site-builder/\n.output.*\n/previous-output/\n' > "$W/site/.gitignore"
git -C "$W/site" init -q -b main && git -C "$W/site" add -A && git -C "$W/site" commit -qm corpus
git clone -q --bare "$W/site" "$W/origin.git"

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
workflow_build() {  # the workflow's steps from the restored cache on: keep the previous output, import, build
  local d=$1
  if [ -d "$d/output" ]; then cp -al "$d/output" "$d/previous-output"; fi
  (cd "$d" && "$TOOL" import --quiet && "$TOOL" build --verbose --no-import --base-url "$BASE" > "$W/build.log")
}
check() { (cd "$1" && "$TOOL" check --quiet --base-url "$BASE" ${2:+--against "$2"}); }
save_cache() { rm -rf "$W/cache" && mkdir "$W/cache" && cp -a "$1/.cache" "$1/output" "$W/cache/"; }
restore_cache() { [ -d "$W/cache" ] && cp -a "$W/cache/.cache" "$W/cache/output" "$1/"; }
add_article() {  # one new article, as a newsroom push
  local d=$W/desk-$1
  git clone -q "$W/origin.git" "$d"
  local src
  for src in "$d"/content/*.md; do break; done
  sed -e "s/^title: \"/title: \"Breaking $1: /" -e "s/^slug: \(.*\)$/slug: breaking-$1-\1/" \
      -e "s/^date: .*/date: 2024-12-31T12:00:00Z/" "$src" > "$d/content/breaking-$1.md"
  git -C "$d" add -A && git -C "$d" commit -qm "Article $1" && git -C "$d" push -q origin main
}

echo "N=$N"
C=$W/checkout
git clone -q "$W/origin.git" "$C"
echo "run 1 (cold: nothing restored) build: $(seconds workflow_build "$C") s"
echo "run 1 check: $(seconds check "$C") s"
save_cache "$C"
echo "cache saved: .cache $(du -sm "$W/cache/.cache" | cut -f1) MB, output $(du -sm "$W/cache/output" | cut -f1) MB"

add_article one
rm -rf "$C" && git clone -q "$W/origin.git" "$C"
echo "run 2 restore: $(seconds restore_cache "$C") s"
echo "run 2 (fresh clone, cache restored, one new article) build: $(seconds workflow_build "$C") s"
echo "run 2 check --against: $(seconds check "$C" previous-output) s"
tail -n 2 "$W/build.log"

# the same kind of addition made locally, in that warm checkout
add_article two
git -C "$C" pull -q origin main
echo "local (one new article) build: $(seconds bash -c "cd '$C' && '$TOOL' build --verbose --base-url '$BASE' > '$W/build.log'") s"
tail -n 2 "$W/build.log"
