select , , 




 done
