select * from marts.reconciliation
