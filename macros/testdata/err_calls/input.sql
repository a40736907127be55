select {{ cent_to_dollars("a") }},
       {{ cents_to_dollars() }},
       {{ cents_to_dollars("a", 2, 3) }},
       {{ cents_to_dollars("a", scal=3) }},
       {{ var("missing") }}, {{ env("NOPE") }},
       {{ target.nme }}, {{ colum }}, {{ var }}
from t
