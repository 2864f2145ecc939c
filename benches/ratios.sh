#!/usr/bin/env bash
# The cost ratios of issue 16 on the generated register: `diff` against `git diff --stat`,
# `check` against a plain parallel read of the same files, `claim add` on the big register
# against an empty one. Usage: benches/ratios.sh [SCALE] (1 = 10,000 risks, 1,000 incidents,
# 100,000 claims; 0.3 and 3 for the other columns of docs/performance.md).
# Environment: BENCH_DIR (default /tmp/risk-bench), RUNS (default 5), RISK (a built binary).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-1}
runs=${RUNS:-5}
dir=${BENCH_DIR:-/tmp/risk-bench}
export RISK_TODAY=2026-11-23 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@example.com
export GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@example.com
n() { awk -v s="$scale" -v n="$1" 'BEGIN { printf "%d", n * s }'; }

if [ -z "${RISK:-}" ]; then
  cargo build --release --quiet --bin risk --example gen-register --example read-floor
  RISK=$PWD/target/release/risk
fi
gen=${GEN:-$PWD/target/release/examples/gen-register}
floor=${FLOOR:-$PWD/target/release/examples/read-floor}

# The generated register, committed, then a commit that changes 100 files: 40 risks re-rated,
# 10 incidents retitled, 45 claims moved to another customer, 3 risks added, 2 claims removed.
big=$dir/big/register
if [ ! -d "$dir/big/.git" ]; then
  rm -rf "$dir" && mkdir -p "$dir/big"
  "$gen" "$big" 2>/dev/null --risks "$(n 10000)" --incidents "$(n 1000)" --claims "$(n 100000)" >/dev/null
  git -C "$dir/big" init -q -b main
  git -C "$dir/big" add -A && git -C "$dir/big" commit -q -m base
  cd "$big"
  # Every (count/n)th file of a folder, n of them, spread over the whole folder.
  pick() { git ls-files "$1" | awk -v n="$2" -v total="$(git ls-files "$1" | wc -l)" \
    'BEGIN { s = int(total / n); if (s < 1) s = 1 } NR % s == 1 && ++k <= n'; }
  pick risks 40 | xargs sed -i -E \
    's/^likelihood: 5$/likelihood: 1/;t;s/^likelihood: 4$/likelihood: 5/;t;s/^likelihood: 3$/likelihood: 4/;t;s/^likelihood: 2$/likelihood: 3/;t;s/^likelihood: 1$/likelihood: 2/'
  pick incidents 10 | xargs sed -i 's/^title: /title: Revised, /'
  pick claims 45 | xargs sed -i 's/^customer: CUST-0/customer: CUST-9/'
  last=$(git ls-files risks | sed 's/.*RISK-0*//; s/\.yaml//' | sort -n | tail -1)
  for i in 1 2 3; do
    id=$(printf 'RISK-%04d' $((last + i)))
    sed "s/^id: .*/id: $id/" risks/RISK-0001.yaml > "risks/$id.yaml"
  done
  git ls-files claims | awk 'NR == 5 || NR == 500' | xargs git rm -q
  git add -A && git commit -q -m "100 files"
  cd - >/dev/null
  mkdir -p "$dir/empty/register" && cp "$big/register.yaml" "$dir/empty/register/"
fi
echo "register: $(git -C "$big" ls-files | wc -l) files; the last commit: $(git -C "$big" diff --name-only HEAD~1 HEAD | wc -l) files"

# The best of $runs wall-clock times of a command, in seconds (to the microsecond).
best() {
  local best=999 t start
  for _ in $(seq "$runs"); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    t=$(awk -v a="$start" -v b="$(date +%s%N)" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (b < a ? b : a) }')
  done
  echo "$best"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }


git_stat=$(best git -C "$big" diff --stat HEAD~1 HEAD)
diff_t=$(best "$RISK" -R "$big" diff HEAD~1 HEAD --format json)
read_t=$(best "$floor" "$big")  # every record file listed and read in parallel, nothing parsed
check_t=$(best "$RISK" -R "$big" check)
claim_args=(claim add --incident INC-0001 --customer CUST-B1 --received 2026-11-20 --type refund --amount 10 --no-input -q)
claim_big=$(best "$RISK" -R "$big" "${claim_args[@]}")
mkdir -p "$dir/empty/register/incidents" && cp "$big/incidents/INC-0001.yaml" "$dir/empty/register/incidents/"
claim_empty=$(best "$RISK" -R "$dir/empty/register" "${claim_args[@]}")
rm -rf "$dir/empty/register/claims"; git -C "$dir/big" clean -qfd -- register/claims
printf '%-34s %8s %8s %6s\n' ratio risk floor "×"
printf '%-34s %8s %8s %6s\n' "diff HEAD~1 HEAD / git diff --stat" "$diff_t" "$git_stat" "$(ratio "$diff_t" "$git_stat")"
printf '%-34s %8s %8s %6s\n' "check / parallel read" "$check_t" "$read_t" "$(ratio "$check_t" "$read_t")"
printf '%-34s %8s %8s %6s\n' "claim add: big / empty" "$claim_big" "$claim_empty" "$(ratio "$claim_big" "$claim_empty")"

# TABLE=1: one run of every command on this register: wall, CPU (user + sys), peak memory.
if [ -n "${TABLE:-}" ]; then
  printf '| command | wall | CPU | peak memory |\n|---|---|---|---|\n'
  row() {
    local label=$1
    shift
    /usr/bin/time -o "$dir/time" -f '%e %U %S %M' "$@" >/dev/null 2>&1 || true
    read -r wall user sys kb < <(tail -1 "$dir/time")
    printf '| %s | %.2f s | %.2f s | %d MB |\n' "$label" "$wall" \
      "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" $((kb / 1024))
  }
  for args in check list matrix rank actions overdue coverage claims trends \
    "export --kind claims --format csv" "export --kind claims --format json" \
    "export --kind risks --format csv" "report --out $dir/report.html" "fmt --check" \
    "diff HEAD~1 HEAD --format json" "diff --format json" "show RISK-0001" \
    "edit RISK-0002 --set owner=bench" "add --no-input -q --title Bench --likelihood 2 --impact 2"; do
    # shellcheck disable=SC2086
    row "\`${args/$dir/DIR}\`" "$RISK" -R "$big" $args
  done
  row "\`claim add\`" "$RISK" -R "$big" "${claim_args[@]}"
  git -C "$dir/big" checkout -q -- . && git -C "$dir/big" clean -qfd
  row "read floor (every record file read in parallel, nothing parsed)" "$floor" "$big"
fi
