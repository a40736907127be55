model "a.b" {}
