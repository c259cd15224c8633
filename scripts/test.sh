#!/usr/bin/env bash
# The README's test command. The tests drive a real LibreOffice (headless) through Python-UNO
# and open the dossier's page in a real headless Chromium; on a machine without them, this
# installs Debian's packages first (as root, or through sudo), then runs `cargo test` with the
# arguments given (e.g. --locked).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || missing+=(python3-uno)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ((${#missing[@]})); then
  echo "== installation de ${missing[*]} : les tests pilotent un vrai LibreOffice et un vrai Chromium"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "${missing[@]}" >/dev/null; }; then
    echo "erreur : impossible d'installer ${missing[*]}." >&2
    echo "Les tests ont besoin de LibreOffice Calc, de son module Python (UNO) et de Chromium :" >&2
    echo "  sudo apt-get install libreoffice-calc-nogui python3-uno chromium" >&2
    echo "puis relancez ./scripts/test.sh." >&2
    exit 1
  fi
fi

exec cargo test "$@"
