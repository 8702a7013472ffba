#!/usr/bin/env bash
# Times fdl against yamllint, prettier --check and yaml-language-server on the same generated
# flows and prints a table of times and ratios. `scripts/compare/run.sh --help` for the options.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: scripts/compare/run.sh [--install] [--files N] [--runs N] [--edits N] [--big-edits N]

Builds fdl in release mode, generates N flows of about 8 KB and one flow of 2,000 top-level
steps with fdl-bench, then times, on the same files:
  fdl check            against  yamllint (default rules)
  fdl fmt --check      against  prettier --check
  fdl lsp              against  yaml-language-server with fdl's JSON Schema
                                (one-character edits; time from the edit to its diagnostics)
Each figure is the median of several runs after a warm-up run.

  --install       first install the other tools into scripts/compare (nothing global):
                  prettier and yaml-language-server with `npm ci` from the committed lockfile,
                  yamllint into the virtual environment scripts/compare/.venv (pinned in
                  requirements.txt). Needs node/npm and python3 with venv.
  --files N       how many ~8 KB flows (default 1000)
  --runs N        timed runs of each command (default 5)
  --edits N       edits timed per language server on the ~8 KB flow (default 50)
  --big-edits N   edits timed per language server on the 2,000-step flow (default 20)

A tool that is not installed (here or on PATH) is skipped with a note. Needs cargo and node.
EOF
}

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
install=0
files=1000
compare_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --install) install=1; shift ;;
    --files|--runs|--edits|--big-edits)
      if [ $# -lt 2 ] || ! [[ "$2" =~ ^[1-9][0-9]*$ ]]; then
        echo "run.sh: $1 needs a whole number of at least 1" >&2; exit 2
      fi
      if [ "$1" = --files ]; then files="$2"; else compare_args+=("$1" "$2"); fi
      shift 2 ;;
    *) echo "run.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done

for tool in cargo node; do
  if ! command -v "$tool" >/dev/null; then
    echo "run.sh: $tool is needed and was not found on PATH" >&2; exit 2
  fi
done

if [ "$install" = 1 ]; then
  echo "== installing prettier and yaml-language-server (npm ci in scripts/compare)" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2
  echo "== installing yamllint (scripts/compare/.venv)" >&2
  if [ ! -x "$here/.venv/bin/pip" ]; then
    python3 -m venv "$here/.venv" >&2
  fi
  "$here/.venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
fi

echo "== building fdl and fdl-bench (release)" >&2
(cd "$root" && cargo build --release --quiet -p fdl-cli -p fdl-bench) >&2

# Outside the repository, so that no .gitignore, fdl.toml or prettier configuration applies.
work="$(mktemp -d "${TMPDIR:-/tmp}/fdl-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT
echo "== generating $files flows and the 2,000-step flow in $work" >&2
"$root/target/release/fdl-bench" gen-dir "$work/flows" "$files"
# The large flow beside the folder, not in it: the folder runs time the ~8 KB files only.
mv "$work/flows/big.yaml" "$work/big.yaml"
"$root/target/release/fdl-bench" gen 7 8192 > "$work/small.yaml"

echo "== timing" >&2
node "$here/compare.mjs" --fdl "$root/target/release/fdl" --flows "$work/flows" \
  --big "$work/big.yaml" --small "$work/small.yaml" --schema "$root/schema/fdl.schema.json" \
  ${compare_args[@]+"${compare_args[@]}"}
