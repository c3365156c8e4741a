-- Shared by the load-test scripts: one result line per run, parsed by tools/load-test.sh.
-- RESULT <requests/s> <p50 ms> <p99 ms> <requests> <errors>
function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local errors = summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout
   io.write(string.format("RESULT %.0f %.2f %.2f %d %d\n", summary.requests / seconds,
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests, errors))
   if cycle_report then cycle_report(seconds) end
end
