-- GET the URL given to wrk (with the Java client's headers).
dofile(os.getenv("TOPCHEF_WRK_DIR") .. "/common.lua")
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept"] = "text/html, image/gif, image/jpeg, */*; q=0.2"
