-- POST the job body in $TOPCHEF_BODY_FILE to the URL given to wrk (/services/<id>/jobs).
dofile(os.getenv("TOPCHEF_WRK_DIR") .. "/common.lua")
local file = assert(io.open(os.getenv("TOPCHEF_BODY_FILE"), "r"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
