SELECT c.id, c.h, a4.n FROM gen.chain c JOIN gen.a4 a4 USING (id)
