#!/usr/bin/env bash
# Load on the main pages of the demo: wrk (apt-get install -y wrk) against loopback only, 50 connections,
# bounded in time. Prints requests/s and p50/p99 latency per page.
#   bench/web-load.sh [DATABASE] [SECONDS]   (default ./tandem.sqlite, as `tandem demo` leaves it; 10 s)
# Signed out by default; with TANDEM_USER and TANDEM_PASSWORD set (a demo account), signed in as that account
# (each request then also looks its session up).
set -euo pipefail
cd "$(dirname "$0")/.."
db="${1:-./tandem.sqlite}"
seconds="${2:-10}"
port=18080
command -v wrk >/dev/null || { echo "wrk is not installed: apt-get install -y wrk"; exit 2; }
[ -f "$db" ] || { echo "no database $db: run tandem demo first"; exit 2; }
swift build -c release --product tandem >/dev/null
.build/release/tandem serve --db "$db" --host 127.0.0.1 --port "$port" >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.2; done
header=()
if [ -n "${TANDEM_USER:-}" ]; then
    jar=$(mktemp)
    csrf=$(curl -fs -c "$jar" "http://127.0.0.1:$port/sign-in" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p')
    curl -fs -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "username=$TANDEM_USER" \
        --data-urlencode "password=$TANDEM_PASSWORD" "http://127.0.0.1:$port/sign-in"
    session=$(awk '$6 == "tandem_session" {print $7}' "$jar")
    [ -n "$session" ] || { echo "could not sign in as $TANDEM_USER"; exit 2; }
    header=(-H "Cookie: tandem_session=$session")
    echo "signed in as $TANDEM_USER"
fi

printf "%-58s %10s %9s %9s\n" "page (50 connections, ${seconds} s each)" "requests/s" "p50 ms" "p99 ms"
for page in "/" "/?year=2009&group=EL" "/indicators/alg1_g8_proficiency?year=2011" "/indicators/math_prof_g5?year=2009" \
            "/districts/FUSD" "/districts/LBUSD/schools/401" "/cohorts?indicator=math_prof_g5&start=2006" \
            "/indicators/alg1_g8_proficiency/trend.csv" "/progress" "/progress/districts/FUSD" "/state-dashboard?year=2011"; do
    out=$(wrk -t2 -c50 -d"${seconds}s" --latency "${header[@]}" "http://127.0.0.1:$port$page")
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    errors=$(awk '/Non-2xx|Socket errors/ {print}' <<<"$out")
    printf "%-58s %10s %9s %9s %s\n" "$page" "$rps" "$p50" "$p99" "$errors"
done
