#!/usr/bin/env bash
# Builds the browser edition: one self-contained page, target/page/cpts-aci.html (README,
# « L'édition navigateur »). Installs what it needs when missing: the wasm32 target of Rust and
# wasm-bindgen-cli at the version of wasm-bindgen in Cargo.lock (the two must be the same).
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir="${CARGO_TARGET_DIR:-target}"
out="$target_dir/page"

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "== installation de la cible Rust wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$version" ]; then
  echo "erreur : wasm-bindgen est absent de Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
  echo "== installation de wasm-bindgen-cli $version (la version de wasm-bindgen dans Cargo.lock)"
  # --locked first; when the registry no longer serves a version the CLI's lock file pins,
  # the same CLI version with its dependencies resolved anew.
  cargo install wasm-bindgen-cli --version "$version" --locked ||
    cargo install wasm-bindgen-cli --version "$version"
fi

echo "== compilation de l'édition navigateur (WebAssembly, profil page)"
cargo build -p cpts-aci-page --target wasm32-unknown-unknown --profile page "$@"
wasm="$target_dir/wasm32-unknown-unknown/page/cpts_aci_page.wasm"

mkdir -p "$out/pkg"
wasm-bindgen --target no-modules --no-typescript --out-dir "$out/pkg" "$wasm"
bg="$out/pkg/cpts_aci_page_bg.wasm"
# Optional: smaller still when Binaryen's wasm-opt is there (never required).
if command -v wasm-opt >/dev/null 2>&1; then
  wasm-opt -Os --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals "$bg" -o "$bg.opt" && mv "$bg.opt" "$bg"
fi

crate_version=$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)
python3 - "$out" "$crate_version" <<'PY'
import base64, pathlib, sys
out, version = pathlib.Path(sys.argv[1]), sys.argv[2]
web = pathlib.Path("page/web")
page = (web / "page.html").read_text(encoding="utf-8")
parts = {
    "{{STYLE}}": (web / "style.css").read_text(encoding="utf-8"),
    "{{GLUE}}": (out / "pkg" / "cpts_aci_page.js").read_text(encoding="utf-8"),
    "{{WASM_BASE64}}": base64.b64encode((out / "pkg" / "cpts_aci_page_bg.wasm").read_bytes()).decode(),
    "{{APP}}": (web / "app.js").read_text(encoding="utf-8"),
    "{{VERSION}}": version,
}
for key, value in parts.items():
    if "</script" in value.lower() and key != "{{STYLE}}":
        sys.exit(f"erreur : {key} contient </script> et casserait la page")
    page = page.replace(key, value)
(out / "cpts-aci.html").write_text(page, encoding="utf-8")
PY
size=$(wc -c <"$out/cpts-aci.html")
echo "Page écrite : $out/cpts-aci.html ($((size / 1024)) Kio)"
