SELECT x FROM a.one
