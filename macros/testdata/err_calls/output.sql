select ,
       ,
       ,
       ,
       , ,
       , , 
from t
