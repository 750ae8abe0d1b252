#!/bin/sh
# apiposture's entry point in AWS Batch (see deploy/README.md).
#
# AWS Batch cannot override an image's ENTRYPOINT, only its CMD, so the per-account selection
# lives here, in the thin image deploy/batch/Dockerfile builds on top of the stock one.
#
#   scan   one child of the array job: scans the account at $AWS_BATCH_JOB_ARRAY_INDEX in
#          $APIPOSTURE_ACCOUNT_LIST (index 0 when the list holds one account and the job is not
#          an array job), by running `scan` with APIPOSTURE_ACCOUNTS=<that account>
#   merge  the organisation report: `merge` over <APIPOSTURE_MERGE_FROM><account>/latest/report.json
#          for every account of the list (where `scan` uploads each account's latest report; the
#          CLI reads s3://bucket/key inputs itself), written to APIPOSTURE_OUTPUT_DIR — the
#          scans' s3://bucket/prefix/, under which the CLI uploads to <prefix>organization/
#   other  (or no APIPOSTURE_ACCOUNT_LIST) runs the CLI unchanged, as the stock image does
#
# Everything else (APIPOSTURE_OUTPUT_DIR, APIPOSTURE_REGIONS, APIPOSTURE_ROLE_NAME, …) passes
# through to the CLI. The CLI runs in $APIPOSTURE_SCRATCH_DIR (default /reports, the job's
# writable volume), so anything it writes locally beside its S3 uploads (Security Hub dry-run
# batches under reports/<time>/; run-summary.json is uploaded) does not hit the read-only root
# filesystem.
#
# Exit status: the CLI's, except 1 (checks failed at or above --fail-on) and 3 (incomplete),
# which still wrote a report: they exit 0 so the run goes on to the merge, and the report
# carries the verdict. For `merge`, 3 also covers an account report that could not be read
# (not merged; the organisation report names it) or an upload that failed (the CLI's stderr
# names it). 4 (nothing scanned: the role could not be assumed, the credentials were rejected,
# no region answered) fails the job, so a failed account never looks like a success; so do 2
# (bad input, such as a malformed report) and anything else.
set -eu

BIN=/app/dist/src/cli/bin.js

fail() {
  printf 'apiposture-batch: %s\n' "$1" >&2
  exit 2
}

note() {
  printf 'apiposture-batch: %s\n' "$1" >&2
}

# Runs the CLI as a child so that its exit status can be mapped, forwarding SIGTERM (Batch
# stops a job with SIGTERM, then SIGKILL) so the CLI is not killed unawares.
run_cli() {
  node "$BIN" "$@" &
  child=$!
  trap 'kill -TERM "$child" 2>/dev/null || :' TERM INT
  status=0
  wait "$child" || status=$?
  # A trapped signal interrupts `wait`; keep waiting while the CLI is still running.
  while kill -0 "$child" 2>/dev/null; do
    status=0
    wait "$child" || status=$?
  done
  trap - TERM INT
  case "$status" in
    1) note "$1: checks failed at or above the --fail-on threshold; the report was written"; status=0 ;;
    3)
      if [ "$1" = merge ]; then
        note "merge: incomplete (exit 3): an account's scan is incomplete, or a report could not be read or uploaded (see above)"
      else
        note "$1: incomplete (exit 3); the report lists what could not be collected"
      fi
      status=0 ;;
    4) note "$1: nothing was scanned (exit 4): see the line above; the job fails" ;;
  esac
  exit "$status"
}

if [ -z "${APIPOSTURE_ACCOUNT_LIST:-}" ] || [ "$#" -eq 0 ] || { [ "$1" != scan ] && [ "$1" != merge ]; }; then
  exec node "$BIN" "$@"
fi

scratch=${APIPOSTURE_SCRATCH_DIR:-/reports}
cd "$scratch" 2>/dev/null || fail "cannot work in $scratch (APIPOSTURE_SCRATCH_DIR): mount a writable volume there"

# The accounts, split on commas (blanks around them are ignored), without glob expansion.
accounts=''
count=0
set -f
saved_ifs=$IFS
IFS=', '
for account in $APIPOSTURE_ACCOUNT_LIST; do
  case "$account" in
    [0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]) ;;
    *) fail "APIPOSTURE_ACCOUNT_LIST holds '$account', not a 12-digit account id" ;;
  esac
  accounts="$accounts $account"
  count=$((count + 1))
done
IFS=$saved_ifs
[ "$count" -gt 0 ] || fail 'APIPOSTURE_ACCOUNT_LIST holds no account'

if [ "$1" = merge ]; then
  from=${APIPOSTURE_MERGE_FROM:-}
  case "$from" in
    s3://?*) from=${from%/} ;;
    *) fail "APIPOSTURE_MERGE_FROM must be the scans' s3://bucket/prefix/; got '$from'" ;;
  esac
  shift
  for account in $accounts; do
    set -- "$@" "$from/$account/latest/report.json"
  done
  set +f
  note "merging the latest reports of $count accounts"
  run_cli merge "$@"
fi

index=${AWS_BATCH_JOB_ARRAY_INDEX:-}
if [ -z "$index" ]; then
  [ "$count" -eq 1 ] || fail "AWS_BATCH_JOB_ARRAY_INDEX is not set, and APIPOSTURE_ACCOUNT_LIST holds $count accounts: run an array job of size $count"
  index=0
fi
case "$index" in
  *[!0-9]*) fail "AWS_BATCH_JOB_ARRAY_INDEX is not a number: '$index'" ;;
esac
[ "$index" -lt "$count" ] || fail "AWS_BATCH_JOB_ARRAY_INDEX $index is out of range: APIPOSTURE_ACCOUNT_LIST holds $count accounts"

selected=''
position=0
for account in $accounts; do
  if [ "$position" -eq "$index" ]; then selected=$account; fi
  position=$((position + 1))
done
set +f

export APIPOSTURE_ACCOUNTS="$selected"
note "child $index of $count: account $selected"
run_cli "$@"
