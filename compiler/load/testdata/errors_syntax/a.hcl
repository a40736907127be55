project "p" {
  default_target = "dev"
}

target "dev" {
  adapter = "duckdb"
  path = 
}

model "a.b" {
  materialized = "view"
