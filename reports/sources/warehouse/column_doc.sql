select * from meta.column_doc
