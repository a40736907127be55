project "hcl" {
  default_target = "dev"
}

target "dev" {
  adapter = "duckdb"
  pth     = "x.duckdb"
}

model "staging.users" {
  materialized = "tabel"
}

source "external" "raw.events" {
  columns = { id = "bigint" 
}
