-- wrk script: each request GETs one path drawn at random from the file named by PATHS_FILE (one path a line), so that
-- no cache (the server's or SQLite's hot pages) holds the answer the way it holds one repeated URL.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do
  if #line > 0 then paths[#paths + 1] = line end
end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
end

function init(args)
  math.randomseed(os.time() * 1000 + (seed or 0))
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
