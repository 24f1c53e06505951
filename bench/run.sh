#!/usr/bin/env bash
# The newsgen benchmark: newsgen and Hugo build the same generated news site
# from scratch, then after one article is edited, one is added and one
# template is changed. See bench/README.md.
#
#   bash bench/run.sh [SIZES...]        # default: 10000 100000
#
# Environment:
#   BENCH_DIR  where generated corpora are kept between runs (default /tmp/newsgen-bench)
#   RUN_DIR    where the sites are built (default /dev/shm/newsgen-bench when
#              /dev/shm has room, else $BENCH_DIR/run); both tools use the same one
#   REPEAT     runs of each measurement; the fastest (by wall time) is reported
#              (default 2; up to 2 more when other processes disturbed every run)
#   IDLE_WAIT  seconds to wait, before each measurement, for other processes to
#              leave the CPUs idle (default 120; 0 to skip)
#   BUILD_TIMEOUT  seconds after which a build is stopped and reported as too
#              slow; that tool's remaining builds for the size are skipped (default 900)
#   HUGO_RELATED   0 to leave related stories off Hugo's article pages (Hugo's
#              .Related is quadratic in tag size: 100,000 articles do not build
#              in 15 minutes with it); results then go to results-<size>-hugo-norelated.md
#   BENCH_NICE the nice value the measured builds run at (default -10 as root,
#              so other processes on a shared machine disturb them less; else 0)
#
# Writes bench/results-<size>.md (results-<size>-hugo-norelated.md with
# HUGO_RELATED=0) and prints the same table.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$REPO/bench
BENCH_DIR=${BENCH_DIR:-/tmp/newsgen-bench}
REPEAT=${REPEAT:-2}
IDLE_WAIT=${IDLE_WAIT:-120}
BENCH_NICE=${BENCH_NICE:-$([ "$(id -u)" = 0 ] && echo -10 || echo 0)}
BUILD_TIMEOUT=${BUILD_TIMEOUT:-900}
HUGO_RELATED=${HUGO_RELATED:-1}
STOPPED=
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(10000 100000)

die() { echo "bench: $*" >&2; exit 1; }
say() { echo "bench: $*" >&2; }

command -v hugo >/dev/null || die "hugo is not installed: apt-get install -y hugo"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install -y time"
command -v python3 >/dev/null || die "python3 is missing"

# Room in RUN_DIR for N articles: the input twice (about 5 KB per article
# each on tmpfs) and one output at a time (about 25 KB per article for
# newsgen, 20 KB for Hugo; newsgen's is deleted before Hugo builds), with a
# margin.
needed_kb() { echo $(( $1 * 80 )); }

pick_run_dir() {
    local largest=0 size
    for size in "${SIZES[@]}"; do [ "$size" -gt "$largest" ] && largest=$size; done
    local free_kb
    free_kb=$(df -Pk /dev/shm 2>/dev/null | awk 'NR == 2 { print $4 }') || free_kb=0
    # Leave half the machine's memory for the builds themselves.
    local mem_kb
    mem_kb=$(awk '/MemAvailable/ { print $2 }' /proc/meminfo)
    if [ "${free_kb:-0}" -gt "$(needed_kb "$largest")" ] &&
        [ $(( mem_kb / 2 )) -gt "$(needed_kb "$largest")" ]; then
        echo /dev/shm/newsgen-bench
    else
        echo "$BENCH_DIR/run"
    fi
}
RUN_DIR=${RUN_DIR:-$(pick_run_dir)}

# Waits until the CPUs have been nearly idle for 3 seconds (other builds on a
# shared machine distort wall time), at most IDLE_WAIT seconds. Prints the
# busy percentage seen last.
wait_idle() {
    local waited=0 busy=0
    while :; do
        local a b
        read -r -a a < <(head -1 /proc/stat)
        sleep 3
        read -r -a b < <(head -1 /proc/stat)
        local total=0 idle i
        for i in 1 2 3 4 5 6 7 8; do total=$(( total + b[i] - a[i] )); done
        idle=$(( b[4] - a[4] + b[5] - a[5] ))
        busy=$(( total > 0 ? 100 * (total - idle) / total : 0 ))
        waited=$(( waited + 3 ))
        if [ "$busy" -lt 15 ] || [ "$waited" -ge "$IDLE_WAIT" ]; then break; fi
    done
    echo "$busy"
}

# CPU seconds all processes have used so far (user, nice, system, irq, softirq, steal).
cpu_used() {
    awk -v hz="$(getconf CLK_TCK)" 'NR == 1 { printf "%.2f\n", ($2 + $3 + $4 + $7 + $8 + $9) / hz }' /proc/stat
}

# files and bytes under $1 (all, or only those newer than the file $2)
count_files() {
    if [ -n "${2:-}" ]; then
        find "$1" -type f -newer "$2" -printf '%s\n'
    else
        find "$1" -type f -printf '%s\n'
    fi | awk '{ n++; b += $1 } END { printf "%.0f\t%.0f\n", n, b }' # %d overflows in mawk
}

# measure TOOL SCENARIO RUN OUTPUT_DIR COMMAND...: one timed build, one TSV row.
measure() {
    local tool=$1 scenario=$2 run=$3 out=$4
    shift 4
    if [ "$STOPPED" = "$tool" ]; then
        printf '%s\t%s\t%s\t0\t0\t0\t0\t0\t0\t0\t0\t-\t-\tskipped\n' \
            "$tool" "$scenario" "$run" >>"$TSV"
        say "$tool $scenario run $run: skipped (an earlier $tool build was stopped)"
        return
    fi
    local busy
    if [ "$IDLE_WAIT" -gt 0 ]; then busy=$(wait_idle); else busy=-; fi
    local marker=$WORK/.marker
    touch "$marker"
    sleep 0.05 # so no file written by the build shares the marker's timestamp
    local before after
    before=$(cpu_used)
    local status=0 outcome=ok
    /usr/bin/time -f '%e\t%U\t%S\t%M' -o "$WORK/time.tsv" \
        timeout "$BUILD_TIMEOUT" nice -n "$BENCH_NICE" "$@" >"$WORK/build.log" 2>&1 || status=$?
    if [ "$status" = 124 ]; then
        # Too slow to measure: report it, and skip this tool's other builds.
        outcome=timeout
        STOPPED=$tool
    elif [ "$status" != 0 ]; then
        cat "$WORK/build.log" >&2
        die "$tool $scenario failed: $*"
    fi
    after=$(cpu_used)
    local wall user sys rss others
    IFS=$'\t' read -r wall user sys rss < <(tail -1 "$WORK/time.tsv")
    # What other processes used while this build ran: a measure of the noise.
    others=$(awk -v a="$before" -v b="$after" -v u="$user" -v s="$sys" \
        'BEGIN { o = b - a - u - s; printf "%.1f", o < 0 ? 0 : o }')
    local written total
    written=$(count_files "$out" "$marker")
    total=$(count_files "$out")
    # $written and $total are "files<TAB>bytes" each.
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$tool" "$scenario" "$run" \
        "$wall" "$user" "$sys" "$rss" "$written" "$total" "$busy" "$others" "$outcome" >>"$TSV"
    say "$(printf '%-8s %-9s run %s: %s; %ss wall, %ss user, %ss sys, %s KB RSS; %s files (%s B) written; CPU busy before: %s%%, others used %ss CPU during' \
        "$tool" "$scenario" "$run" "$outcome" "$wall" "$user" "$sys" "$rss" $written "$busy" "$others")"
}

# Tag pages and HTML pages (not counting Hugo's `page/1/` redirects) in an output.
count_tags() {
    { find "$1/tags" -mindepth 1 -maxdepth 1 -type d 2>/dev/null || true; } | wc -l
}
count_pages() {
    { find "$1" -name '*.html' -print0 2>/dev/null |
        xargs -0 -r grep -L 'http-equiv="refresh"' || true; } | wc -l
}

# Whether TOOL SCENARIO needs another run after DONE runs: REPEAT runs, and
# up to two more while every run so far was disturbed (other processes used
# more than a quarter of a CPU on average while it ran).
more_runs() {
    local tool=$1 scenario=$2 done=$3
    [ "$done" -lt "$REPEAT" ] && return 0
    [ "$STOPPED" = "$tool" ] && return 1
    [ "$done" -ge $((REPEAT + 2)) ] && return 1
    awk -F'\t' -v t="$tool" -v s="$scenario" '
        $1 == t && $2 == s && $14 == "ok" && $13 <= 0.25 * $4 { calm = 1 }
        END { exit calm ? 1 : 0 }' "$TSV"
}

# The corpus for N articles, generated once and kept in $BENCH_DIR.
corpus() {
    local n=$1 dir=$BENCH_DIR/corpus-$1
    if [ ! -f "$dir/now" ] || [ ! -d "$dir/seeds" ]; then
        say "generating $n articles into $dir"
        mkdir -p "$dir"
        local line
        line=$("$REPO/target/release/examples/gen_corpus" "$n" "$dir")
        echo "$line" >&2
        echo "$line" | sed -n 's/.*--now \([^)]*\)).*/\1/p' >"$dir/now"
        [ -s "$dir/now" ] || die "gen_corpus printed no --now"
        rm -rf "$dir/hugo-content"
    fi
    if [ ! -d "$dir/hugo-content" ] || [ "$BENCH/hugo_content.py" -nt "$dir/hugo-content" ]; then
        rm -rf "$dir/hugo-content"
        python3 "$BENCH/hugo_content.py" "$dir" "$dir/hugo-content.tmp" >&2
        mv "$dir/hugo-content.tmp" "$dir/hugo-content"
    fi
}

# The story the "add" rebuilds publish: on the newest day, so it tops the
# home page and every list it is on, as a new story does.
new_article() {
    local path=$1 day=$2 k=$3
    cat >"$path" <<EOF
+++
title = "Benchmark desk files late story number $k"
date = ${day}T23:00:00Z
tags = ["Politics", "Economy", "Benchmark Desk"]
authors = ["Bench Reporter"]
+++

The benchmark desk filed a late story on the newest day of the corpus, number $k of this run, so that it appears at the top of the home page.

Both generators publish it with the same title, date, tags and body, and the benchmark measures how long each takes to rebuild the site around it.

## What changes

Every page of the home page, of each tag it carries and of its year, month and day archives moves by one story, and the site feeds gain an item.
EOF
}

EDIT_SENTENCE="An editor appended this sentence to check how a rebuild handles a corrected story."
TEMPLATE_MARK='<h1 class="section-title">'

bench_size() {
    local n=$1
    corpus "$n"
    local cache=$BENCH_DIR/corpus-$n now
    now=$(cat "$cache/now")
    WORK=$RUN_DIR/$n
    TSV=$WORK/results.tsv
    say "building $n articles in $WORK (--now $now)"
    rm -rf "$WORK"
    mkdir -p "$WORK"
    : >"$TSV"

    # newsgen's site: the corpus plus its own copy of the default templates.
    local site=$WORK/newsgen
    mkdir -p "$site"
    cp "$cache/site.toml" "$site/"
    cp -a "$cache/seeds" "$site/seeds"
    cp -a "$REPO/templates" "$site/templates"
    # Hugo's site: bench/hugo, the converted articles, newsgen's stylesheet.
    local hsite=$WORK/hugo hout=$WORK/hugo-public
    mkdir -p "$hsite"
    cp -a "$BENCH/hugo/hugo.toml" "$BENCH/hugo/norelated.toml" "$BENCH/hugo/layouts" \
        "$BENCH/hugo/content" "$hsite/"
    cp -a "$cache/hugo-content/articles" "$hsite/content/articles"
    cp -a "$REPO/static" "$hsite/static"

    local newsgen=("$NEWSGEN" build -s "$site" --now "$now" --quiet)
    local hugo=(hugo --quiet --source "$hsite" --destination "$hout")
    local results=$BENCH/results-$n.md
    if [ "$HUGO_RELATED" = 0 ]; then
        # norelated.toml (params.related = false) overrides hugo.toml.
        hugo+=(--config "$hsite/hugo.toml,$hsite/norelated.toml")
        results=$BENCH/results-$n-hugo-norelated.md
    fi
    STOPPED=
    local seed newest_day
    seed=$(cd "$site/seeds" && find . -name '*.md' | sort | tail -1 | sed 's|^\./||')
    newest_day=$(sed -n 's/^date = \([0-9-]\{10\}\).*/\1/p' "$site/seeds/$seed")
    local run

    run=0
    while more_runs newsgen cold "$run"; do
        run=$((run + 1))
        rm -rf "$site/public" "$site/.newsgen" "$site/.public.newsgen-staging"
        measure newsgen cold "$run" "$site/public" "${newsgen[@]}"
    done
    run=0
    while more_runs newsgen edit "$run"; do
        run=$((run + 1))
        printf '\n%s (%s)\n' "$EDIT_SENTENCE" "$run" >>"$site/seeds/$seed"
        measure newsgen edit "$run" "$site/public" "${newsgen[@]}"
    done
    run=0
    while more_runs newsgen add "$run"; do
        run=$((run + 1))
        new_article "$site/seeds/$(dirname "$seed")/bench-added-$run.md" "$newest_day" "$run"
        measure newsgen add "$run" "$site/public" "${newsgen[@]}"
    done
    run=0
    while more_runs newsgen template "$run"; do
        run=$((run + 1))
        sed -i "s|$TEMPLATE_MARK|<!-- bench edit $run -->$TEMPLATE_MARK|" "$site/templates/tag.html"
        measure newsgen template "$run" "$site/public" "${newsgen[@]}"
    done
    local newsgen_tags newsgen_pages
    newsgen_tags=$(count_tags "$site/public")
    newsgen_pages=$(count_pages "$site/public")
    rm -rf "$site/public" "$site/.newsgen" # make room for Hugo's output

    local hseed=articles/${seed%.*}.md
    run=0
    while more_runs hugo cold "$run"; do
        run=$((run + 1))
        rm -rf "$hout" "$hsite/resources"
        measure hugo cold "$run" "$hout" "${hugo[@]}"
    done
    run=0
    while more_runs hugo edit "$run"; do
        run=$((run + 1))
        printf '\n%s (%s)\n' "$EDIT_SENTENCE" "$run" >>"$hsite/content/$hseed"
        measure hugo edit "$run" "$hout" "${hugo[@]}"
    done
    run=0
    while more_runs hugo add "$run"; do
        run=$((run + 1))
        local added
        added=$(dirname "$seed")/bench-added-$run.md
        [ -f "$site/seeds/$added" ] || new_article "$site/seeds/$added" "$newest_day" "$run"
        python3 "$BENCH/hugo_content.py" --one "$site" "$added" "$hsite/content"
        measure hugo add "$run" "$hout" "${hugo[@]}"
    done
    run=0
    while more_runs hugo template "$run"; do
        run=$((run + 1))
        sed -i "s|$TEMPLATE_MARK|<!-- bench edit $run -->$TEMPLATE_MARK|" "$hsite/layouts/tags/term.html"
        measure hugo template "$run" "$hout" "${hugo[@]}"
    done
    local hugo_tags hugo_pages
    hugo_tags=$(count_tags "$hout")
    hugo_pages=$(count_pages "$hout")

    local context
    context=$(
        cat <<EOF
size=$n
now=$now
date=$(date -u +%Y-%m-%dT%H:%M:%SZ)
newsgen=$NEWSGEN_VERSION
hugo=$(hugo version)
machine=$(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM
run_dir=$RUN_DIR ($(df -PT "$RUN_DIR" | awk 'NR == 2 { print $2 }'))
repeat=$REPEAT
timeout=$BUILD_TIMEOUT
hugo_related=$HUGO_RELATED
command=$( [ "$HUGO_RELATED" = 0 ] && echo "HUGO_RELATED=0 ")bash bench/run.sh $n
input_md=$(find "$cache/seeds" -name '*.md' | wc -l)
input_wire=$(find "$cache/seeds" -name '*.txt' | wc -l)
newsgen_tags=$newsgen_tags
hugo_tags=$hugo_tags
newsgen_html=$newsgen_pages
hugo_html=$hugo_pages
EOF
    )
    echo "$context" >"$WORK/context.txt" # to redo the table: report.py TSV OUT < context.txt
    python3 "$BENCH/report.py" "$TSV" "$results" <<<"$context"
    rm -rf "$hout"
}

say "corpora in $BENCH_DIR, builds in $RUN_DIR"
mkdir -p "$BENCH_DIR" "$RUN_DIR"
(cd "$REPO" && cargo build --release --quiet && cargo build --release --quiet --example gen_corpus)
# A copy of the binary: other builds in the repository cannot change it mid-run.
NEWSGEN=$RUN_DIR/newsgen
cp "$REPO/target/release/newsgen" "$NEWSGEN"
NEWSGEN_VERSION="$("$NEWSGEN" --version) ($(git -C "$REPO" rev-parse --short HEAD)$(
    git -C "$REPO" diff --quiet HEAD -- src templates static Cargo.toml Cargo.lock ||
        echo ", with uncommitted changes"))"
for size in "${SIZES[@]}"; do
    bench_size "$size"
done
