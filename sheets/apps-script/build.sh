#!/bin/sh
# Builds the Apps Script to plain JavaScript for clasp (clasp 3 no longer compiles TypeScript):
# type-checks src/ against @types/google-apps-script and writes one build/*.js per src/*.ts next to
# build/appsscript.json. Then, with clasp installed and .clasp.json made from .clasp.json.example:
#   cd sheets/apps-script && clasp push
# No npm script is involved: the project's own TypeScript compiler is used (TSC=… to override).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tsc=${TSC:-"$here/../../node_modules/.bin/tsc"}
if [ ! -x "$tsc" ]; then
  echo "Compilateur TypeScript introuvable ($tsc) : lancez « npm ci » à la racine du projet." >&2
  exit 1
fi
rm -rf "$here/build"
"$tsc" -p "$here/tsconfig.json"
cp "$here/appsscript.json" "$here/build/appsscript.json"
echo "Script Apps Script construit dans $here/build (à pousser avec « clasp push »)."
