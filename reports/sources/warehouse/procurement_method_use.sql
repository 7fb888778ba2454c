select * from marts.procurement_method_use
