-- gmp4j's report script for wrk (wrk -s wrk-json.lua ...): when the run is over, wrk calls done()
-- once, and this prints one line "GMP4J-WRK {json}" after wrk's own summary: the requests
-- completed, the run's length, their rate, latency percentiles and the maximum in microseconds
-- (wrk's histogram, by completed request), and each kind of error wrk counts.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local function us(v) return math.floor(v + 0.5) end
  io.write(string.format(
    'GMP4J-WRK {"requests":%d,"seconds":%.3f,"req_per_s":%.1f,"p50_us":%d,"p90_us":%d,"p99_us":%d,' ..
    '"p999_us":%d,"max_us":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,' ..
    '"status_errors":%d,"timeouts":%d}\n',
    summary.requests, seconds, seconds > 0 and summary.requests / seconds or 0,
    us(latency:percentile(50)), us(latency:percentile(90)), us(latency:percentile(99)),
    us(latency:percentile(99.9)), us(latency.max),
    e.connect, e.read, e.write, e.status, e.timeout))
end
