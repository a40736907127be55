SELECT id, h FROM gen.a1
