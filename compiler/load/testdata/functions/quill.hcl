project "fn" {
  default_target = lower("DEV")
}

variables {
  env_name = env("STAGE", "dev")
  pfx      = format("%s_%s_", env("STAGE", "dev"), env("USER"))
  n        = 3
  flag     = true
}

target "dev" {
  adapter       = "duckdb"
  path          = join("/", [".quill", "${var("env_name")}.duckdb"])
  schema_prefix = var("pfx")
  threads       = var("n")
  retries       = length(concat(["a"], ["b", "c"]))
}

model "s.m" {
  tags       = concat(["a"], split(",", var("extra_tags", "b,c")))
  depends_on = [format("%s.%s", "raw", lower("EVENTS"))]
  assert "row_count" { min = tonumber(var("n")) }
}
