#!/usr/bin/env bash
# The README's test command. The tests drive a real LibreOffice (headless) through Python-UNO
# and open the dossier's page and the browser edition in a real headless Chromium (the latter
# through Node.js and Playwright's playwright-core); on a machine without them, this installs
# Debian's packages first (as root, or through sudo), builds the browser edition
# (scripts/page.sh), then runs `cargo test` with the arguments given (e.g. --locked).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || missing+=(python3-uno)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if ((${#missing[@]})); then
  echo "== installation de ${missing[*]} : les tests pilotent un vrai LibreOffice et un vrai Chromium"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null; }; then
    echo "erreur : impossible d'installer ${missing[*]}." >&2
    echo "Les tests ont besoin de LibreOffice Calc, de son module Python (UNO), de Chromium et de Node.js :" >&2
    echo "  sudo apt-get install libreoffice-calc-nogui python3-uno chromium nodejs npm" >&2
    echo "puis relancez ./scripts/test.sh." >&2
    exit 1
  fi
fi

# The browser edition, which tests/page.rs opens in Chromium, and the driver it uses.
./scripts/page.sh
[ -d page/tests/node_modules/playwright-core ] ||
  npm ci --no-audit --no-fund --prefix page/tests >/dev/null

exec cargo test "$@"
