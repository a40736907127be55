project "macros" {
  default_target = "dev"
}

target "dev" {
  adapter = "duckdb"
  path    = ".quill/dev.duckdb"
}

source "external" "raw.events" {
  columns = { user_id = "bigint", kind = "text", at = "timestamptz" }
}




variables {
  min_amount = "10"
}
