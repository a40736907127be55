select
  
  price + 
 *  as total
from t
