-- A full job cycle, as a worker and a client do it, on every connection of a thread:
-- submit (POST /services/<id>/jobs), take (GET /services/<id>/jobs/next), PATCH WORKING,
-- PATCH results + COMPLETED. Reports completed cycles per second beside the request rate.
dofile(os.getenv("TOPCHEF_WRK_DIR") .. "/common.lua")
local file = assert(io.open(os.getenv("TOPCHEF_BODY_FILE"), "r"))
local job_body = file:read("*a")
file:close()
local service = os.getenv("TOPCHEF_SERVICE")
local results_body = '{"status":"COMPLETED","results":{"count":1}}'
local working_body = '{"status":"WORKING"}'
local json = { ["Content-Type"] = "application/json" }

local threads = {}
function setup(thread)
   table.insert(threads, thread)
end

to_take = 0
to_working = {}
to_complete = {}
cycles = 0

request = function()
   if #to_complete > 0 then
      return wrk.format("PATCH", "/jobs/" .. table.remove(to_complete), json, results_body)
   elseif #to_working > 0 then
      return wrk.format("PATCH", "/jobs/" .. table.remove(to_working), json, working_body)
   elseif to_take > 0 then
      to_take = to_take - 1
      return wrk.format("GET", "/services/" .. service .. "/jobs/next", json, nil)
   end
   return wrk.format("POST", "/services/" .. service .. "/jobs", json, job_body)
end

response = function(status, headers, body)
   if status == 201 then
      to_take = to_take + 1
   elseif status == 200 then
      local id = body:match('"id":"([0-9a-f%-]+)"')
      if body:find('"status":"COMPLETED"', 1, true) then
         cycles = cycles + 1
      elseif body:find('"status":"WORKING"', 1, true) then
         table.insert(to_complete, id)
      elseif id then
         table.insert(to_working, id)
      end
   end
end

function cycle_report(seconds)
   local total = 0
   for _, thread in ipairs(threads) do total = total + thread:get("cycles") end
   io.write(string.format("CYCLES %.0f\n", total / seconds))
end
