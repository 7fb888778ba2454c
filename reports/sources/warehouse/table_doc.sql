select * from meta.table_doc
