#!/usr/bin/env bash
# History from git at scale (DESIGN 13): a register of 10,000 risks with 1,000 commits, then the
# time of `risk history`, `risk trends --profile` and `risk --at`.
#
#   cargo build --release --bin risk --example gen-register
#   benches/history.sh [DIR]          # DIR defaults to a new temporary folder
#
# The first commit holds the generated register (examples/gen-register.rs); the 999 after it
# are written by one `git fast-import`, one a day from 2024-01-01: each edits one risk's
# likelihood, cycling through the register so that RISK-0042 changes every 100th commit, and
# every 250th also changes the bands in register.yaml. Timings: best and median of 5 runs (wall
# clock), and the median CPU time (user + system, git's included). RISK_BIN=path times another
# build of risk (e.g. one copied aside before a change).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
risk="${RISK_BIN:-$root/target/release/risk}"
gen="$root/target/release/examples/gen-register"
[ -x "$risk" ] && [ -x "$gen" ] || {
    echo "build first: cargo build --release --bin risk --example gen-register" >&2
    exit 2
}
dir="${1:-$(mktemp -d)}"
commits=1000
mkdir -p "$dir"
cd "$dir"
export LC_ALL=C # ${#text} counts bytes, as fast-import's `data` does
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null RISK_TODAY=2026-11-23 NO_COLOR=1
export GIT_AUTHOR_NAME=Gen GIT_AUTHOR_EMAIL=gen@example.invalid
export GIT_COMMITTER_NAME=Gen GIT_COMMITTER_EMAIL=gen@example.invalid
export GIT_AUTHOR_DATE=2023-12-31T12:00:00+00:00 GIT_COMMITTER_DATE=2023-12-31T12:00:00+00:00

if [ ! -d .git ]; then
    "$gen" register --risks 10000 --incidents 100 --claims 1000 >/dev/null
    git init -q -b main
    git add -A
    git commit -q -m "The generated register"
    settings="$(cat register/register.yaml)"
    start=1704110400 # 2024-01-01T12:00:00Z
    {
        for ((i = 1; i < commits; i++)); do
            n=$((i % 100 == 0 ? 42 : (i * 37) % 10000 + 1))
            id=$(printf 'RISK-%04d' "$n")
            file="register/risks/$id.yaml"
            text="$(cat "$file")"
            level=$((i % 5 + 1))
            text="${text/likelihood: [0-9]/likelihood: $level}"
            printf '%s\n' "$text" >"$file"
            message="Rate $id likelihood $level"
            printf 'commit refs/heads/main\ncommitter Gen <gen@example.invalid> %d +0000\n' $((start + i * 86400))
            printf 'data %d\n%s\n' ${#message} "$message"
            [ "$i" = 1 ] && printf 'from refs/heads/main^0\n'
            printf 'M 100644 inline %s\ndata %d\n%s\n\n' "$file" $((${#text} + 1)) "$text"
            if ((i % 250 == 0)); then
                max=$((9 + i / 250))
                new="${settings/max: 9/max: $max}"
                printf 'M 100644 inline register/register.yaml\ndata %d\n%s\n\n' $((${#new} + 1)) "$new"
            fi
        done
    } | git fast-import --quiet
    git reset -q --hard main
fi

echo "register: $(git ls-files register/risks | wc -l) risks, $(git rev-list --count HEAD) commits"

measure() {
    local times=() cpus=()
    for _ in 1 2 3 4 5; do
        /usr/bin/time -o "$tmp" -f '%e %U %S' "$@" >/dev/null 2>&1 || true
        read -r wall user sys <"$tmp"
        times+=("$(echo "$wall * 1000 / 1" | bc)")
        cpus+=("$(echo "($user + $sys) * 1000 / 1" | bc)")
    done
    local sorted cpu
    sorted=$(printf '%s\n' "${times[@]}" | sort -n)
    cpu=$(printf '%s\n' "${cpus[@]}" | sort -n | sed -n 3p)
    printf '%-58s best %5d ms, median %5d ms, CPU %5d ms\n' "$*" \
        "$(echo "$sorted" | head -1)" "$(echo "$sorted" | sed -n 3p)" "$cpu"
}

cd "$dir"
tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
r="$(basename "$risk")"
PATH="$(dirname "$risk"):$PATH"
measure "$r" history RISK-0042 --format json
measure "$r" history RISK-0042
measure "$r" trends --profile --every quarter --format json
measure "$r" trends --profile --since 2024-01-01 --format json
measure "$r" report --since HEAD~100 --out -
measure "$r" list --since HEAD~100 --format json
measure "$r" --at HEAD~500 list --format json
measure "$r" list --format json
