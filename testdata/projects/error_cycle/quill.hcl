project "cycle" {
  default_target = "dev"
}

target "dev" {
  adapter = "duckdb"
}
