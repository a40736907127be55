project "q" {}
target "dev" {
  adapter = "duckdb"
}
model "s.m" {
  materialized = "view"
}
source "postgres" "raw.e" {
  dsn   = "x"
  query = "select 1"
}
sink "nostos" "k" {
  from = "s.m"
  key  = ["id"]
}
variables {
  x = "2"
}
