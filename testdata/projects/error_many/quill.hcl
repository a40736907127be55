project "many" {
  default_target = "dev"
}

target "dev" {
  adapter = "duckdb"
}
