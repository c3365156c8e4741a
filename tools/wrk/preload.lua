-- Submits $TOPCHEF_PRELOAD_PER_THREAD jobs per wrk thread, then stops that thread and leaves a marker
-- file in $TOPCHEF_PRELOAD_DIR.
local file = assert(io.open(os.getenv("TOPCHEF_BODY_FILE"), "r"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
local counter = 0
function setup(thread)
   counter = counter + 1
   thread:set("id", counter)
end

local limit = tonumber(os.getenv("TOPCHEF_PRELOAD_PER_THREAD"))
local answered = 0
request = function()
   if answered >= limit then
      -- Enough: keep the connections busy with a cheap read until the thread stops.
      return wrk.format("GET", "/", {}, "")
   end
   -- May overshoot by the requests in flight (at most one per connection).
   return wrk.format(nil, nil, nil, nil)
end
response = function(status, headers, body)
   if status == 201 then answered = answered + 1 end
   if answered == limit then
      -- wrk waits out its duration even when every thread has stopped: tell the script we are done.
      local marker = os.getenv("TOPCHEF_PRELOAD_DIR") .. "/done." .. tostring(id)
      io.open(marker, "w"):close()
      wrk.thread:stop()
   end
end
