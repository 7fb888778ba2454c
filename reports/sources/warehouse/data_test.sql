select * from meta.data_test
