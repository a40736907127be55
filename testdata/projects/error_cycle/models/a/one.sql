SELECT * FROM a.three
