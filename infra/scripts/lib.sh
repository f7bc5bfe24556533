# Shared by infra/scripts/*: where caches live and how the build tools get installed.
# Every install step is idempotent and skips itself when the right version is present.
# shellcheck shell=bash

KURA_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KURA_CACHE="${KURA_CACHE:-$HOME/.cache/kura}"
KURA_TOOLS="$KURA_CACHE/tools"
# A target directory outside the clone keeps repeat runs (and fresh CI clones) fast.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$KURA_CACHE/target}"
export PATH="$KURA_TOOLS/bin:$KURA_TOOLS/npm/node_modules/.bin:$PATH"

# Pinned versions; see ../shared TOOLCHAIN notes in the README for why.
WASM_BINDGEN_VERSION="0.2.129"   # must equal the wasm-bindgen crate pin in Cargo.toml
TRUNK_VERSION="0.21.14"          # trunk >= 0.22 needs a newer rustc than 1.95
BINARYEN_VERSION="123.0.0"       # Debian's binaryen (v108) breaks the app at run time
AXE_CORE_VERSION="4.14.1"        # the accessibility rules every browser test checks each screen with

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

ensure_wasm_target() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    step "Installing the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

ensure_cargo_tool() { # name crate version
  local name=$1 crate=$2 version=$3
  if [ "$("$KURA_TOOLS/bin/$name" --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
    step "Installing $crate $version (once; cached in $KURA_TOOLS)"
    cargo install --locked --root "$KURA_TOOLS" "$crate" --version "$version"
  fi
}

ensure_wasm_opt() {
  if "$KURA_TOOLS/npm/node_modules/.bin/wasm-opt" --version 2>/dev/null | grep -q "version ${BINARYEN_VERSION%%.*}"; then
    return
  fi
  command -v npm >/dev/null || die "npm is needed once to fetch binaryen's wasm-opt (install Node.js, e.g. apt-get install nodejs npm)"
  step "Installing wasm-opt (npm binaryen@$BINARYEN_VERSION)"
  npm install --no-audit --no-fund --silent --prefix "$KURA_TOOLS/npm" "binaryen@$BINARYEN_VERSION"
}

# axe-core for the browser tests: every screen they look at must pass its WCAG A/AA rules.
ensure_axe() {
  local installed="$KURA_TOOLS/npm/node_modules/axe-core/package.json"
  if [ -f "$installed" ] && grep -q "\"version\": \"$AXE_CORE_VERSION\"" "$installed"; then
    return
  fi
  command -v npm >/dev/null || die "npm is needed once to fetch axe-core for the browser tests (install Node.js, e.g. apt-get install nodejs npm)"
  step "Installing axe-core $AXE_CORE_VERSION (npm)"
  npm install --no-audit --no-fund --silent --prefix "$KURA_TOOLS/npm" "axe-core@$AXE_CORE_VERSION"
}
export KURA_AXE_JS="$KURA_TOOLS/npm/node_modules/axe-core/axe.min.js"

ensure_frontend_tools() {
  ensure_wasm_target
  ensure_cargo_tool wasm-bindgen wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
  ensure_cargo_tool trunk trunk "$TRUNK_VERSION"
  ensure_wasm_opt
}

ensure_browser() {
  # Japanese fonts so screenshots of the (Japanese by default) dashboard are readable.
  if command -v chromium >/dev/null && command -v chromedriver >/dev/null && [ -d /usr/share/fonts/opentype/noto ]; then
    return
  fi
  [ "$(id -u)" = 0 ] || die "headless Chromium is needed for the browser tests: sudo apt-get install chromium chromium-driver fonts-noto-cjk"
  step "Installing Debian chromium, chromium-driver and fonts-noto-cjk"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null
}

build_frontend() {
  ensure_frontend_tools
  step "Building the dashboard (frontend/dist)"
  (cd "$KURA_ROOT/frontend" && trunk build)
}
