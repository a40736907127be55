select
  {{ outer("price") }} as total
from t
