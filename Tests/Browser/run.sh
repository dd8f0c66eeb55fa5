#!/usr/bin/env bash
# Real-browser test of `gazette serve`: indexes the fixtures, serves them on a
# free loopback port and drives headless Chromium through the pages
# (drive.py). Screenshots go to $SCREENSHOTS (default Fixtures/screenshots).
# Usage: Tests/Browser/run.sh [path/to/gazette]
set -euo pipefail
cd "$(dirname "$0")/../.."

gazette="${1:-$(swift build --show-bin-path)/gazette}"
chromium="$(command -v chromium || command -v chromium-browser || true)"
[ -x "$gazette" ] || { echo "no gazette binary at $gazette: build first" >&2; exit 1; }
[ -n "$chromium" ] || { echo "chromium is not installed (apt-get install chromium)" >&2; exit 1; }

work="$(mktemp -d)"
server=""
cleanup() {
    if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

"$gazette" index Fixtures/articles --db "$work/index.db" --json > /dev/null
"$gazette" serve --db "$work/index.db" --host 127.0.0.1 --port 0 2> "$work/serve.log" &
server=$!
url=""
for _ in $(seq 1 100); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$work/serve.log" | head -1 || true)"
    [ -n "$url" ] && break
    kill -0 "$server" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.1
done
[ -n "$url" ] || { echo "the server did not start" >&2; cat "$work/serve.log" >&2; exit 1; }
echo "browser test against $url"

shots="${SCREENSHOTS:-Fixtures/screenshots}"
mkdir -p "$shots"
python3 Tests/Browser/drive.py "$url" "$shots" "$chromium"
ls -l "$shots"/results.png "$shots"/coverage.png
