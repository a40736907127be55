model "x.y" {
  tags = ["a"
}

sink "nostos" "s" {
  from = "a.b"
  key = ["k"]
  cassandra {hosts=["h"] keyspace="k"}
}
