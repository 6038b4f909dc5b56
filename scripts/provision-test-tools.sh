#!/usr/bin/env bash
# Makes sure the tools the test suite drives exist, then runs the given command (npm test passes
# `vitest run ...`); with no command it only provisions (.ci/run). The tools, all Debian packages:
#   chromium       browser tests (playwright-core drives it)
#   redis-server   shared-cache, token-lock and fleet tests (they start their own on loopback)
#   nginx          the fleet test's load balancer (started with a generated config on loopback)
#   python3+jinja2 differential template tests (real Jinja2 3.1)
# A missing tool is installed with apt-get when this process may (root, or password-less sudo);
# otherwise it stops before any test, printing the one command that fixes it. No test is skipped
# for a missing tool.
#
# A tool installed but off PATH (nginx lives in /usr/sbin, often not on a user's PATH), or a
# python3 earlier on PATH without Jinja2 (pyenv, a venv), is reached through a shim folder put
# first on PATH for the command; CHROMIUM_PATH names the browser for the tests.
set -euo pipefail

# Debian's locations, searched when PATH does not have a tool (CONDUIT_TOOL_DIRS, colon-separated,
# replaces them: the script's own tests point it at folders of stand-in tools).
IFS=: read -r -a SYSTEM_DIRS <<<"${CONDUIT_TOOL_DIRS:-/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin}"

say() { printf 'provision-test-tools: %s\n' "$*" >&2; }

# Prints the full path of a runnable `name` on PATH or in SYSTEM_DIRS; fails when there is none.
locate() {
  local name="$1" found dir
  if found="$(command -v "$name" 2>/dev/null)" && [ -x "$found" ]; then
    printf '%s\n' "$found"
    return 0
  fi
  for dir in "${SYSTEM_DIRS[@]}"; do
    if [ -x "$dir/$name" ]; then
      printf '%s\n' "$dir/$name"
      return 0
    fi
  done
  return 1
}

# Prints a python3 that can import jinja2: the one on PATH first, then Debian's.
locate_jinja_python() {
  local candidate dir
  if candidate="$(command -v python3 2>/dev/null)" && "$candidate" -c 'import jinja2' >/dev/null 2>&1; then
    printf '%s\n' "$candidate"
    return 0
  fi
  for dir in "${SYSTEM_DIRS[@]}"; do
    candidate="$dir/python3"
    if [ -x "$candidate" ] && "$candidate" -c 'import jinja2' >/dev/null 2>&1; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

# tool name -> Debian package(s) that provide it.
package_of() {
  case "$1" in
    chromium) echo chromium ;;
    redis-server) echo redis-server ;;
    nginx) echo nginx ;;
    python3-jinja2) echo python3 python3-jinja2 ;;
  esac
}

missing_tools() {
  local tool
  for tool in chromium redis-server nginx; do
    locate "$tool" >/dev/null || echo "$tool"
  done
  locate_jinja_python >/dev/null || echo python3-jinja2
}

mapfile -t missing < <(missing_tools)

if [ ${#missing[@]} -gt 0 ]; then
  packages=()
  for tool in "${missing[@]}"; do
    # shellcheck disable=SC2207
    packages+=($(package_of "$tool"))
  done
  sudo_cmd=()
  can_install=false
  apt_get="$(locate apt-get || true)"
  if [ -n "$apt_get" ]; then
    if [ "$(id -u)" = 0 ]; then
      can_install=true
    elif sudo_path="$(locate sudo)" && "$sudo_path" -n true >/dev/null 2>&1; then
      can_install=true
      sudo_cmd=("$sudo_path" -n)
    fi
  fi
  if [ "$can_install" != true ]; then
    prefix=""
    [ "$(id -u)" = 0 ] || prefix="sudo "
    say "missing ${missing[*]}; run: ${prefix}apt-get update && ${prefix}apt-get install -y --no-install-recommends ${packages[*]}"
    exit 1
  fi
  for tool in "${missing[@]}"; do
    say "installing $(package_of "$tool") with apt-get (no $tool found)"
  done
  export DEBIAN_FRONTEND=noninteractive
  # --no-upgrade: a package already there (only off PATH) is left exactly as it is.
  if ! { "${sudo_cmd[@]}" "$apt_get" update -qq >/dev/null &&
    "${sudo_cmd[@]}" "$apt_get" install -y -qq --no-install-recommends --no-upgrade "${packages[@]}" >/dev/null; }; then
    say "apt-get could not install ${packages[*]}; run: apt-get update && apt-get install -y --no-install-recommends ${packages[*]}"
    exit 1
  fi
  mapfile -t still < <(missing_tools)
  if [ ${#still[@]} -gt 0 ]; then
    say "still missing after apt-get: ${still[*]}; run: apt-get install -y --no-install-recommends ${packages[*]}"
    exit 1
  fi
fi

# Tools found but not first on PATH are linked into a shim folder that goes first on PATH.
shim="$(cd "$(dirname "$0")/.." && pwd)/node_modules/.cache/conduit-test-tools/bin"
mkdir -p "$shim"
rm -f "$shim"/*
for tool in chromium redis-server nginx; do
  where="$(locate "$tool")"
  [ "$(command -v "$tool" 2>/dev/null || true)" = "$where" ] || ln -s "$where" "$shim/$tool"
done
python="$(locate_jinja_python)"
[ "$(command -v python3 2>/dev/null || true)" = "$python" ] || ln -s "$python" "$shim/python3"
CHROMIUM_PATH="$(locate chromium)"
export CHROMIUM_PATH
export PATH="$shim:$PATH"

[ $# -eq 0 ] && exit 0
exec "$@"
