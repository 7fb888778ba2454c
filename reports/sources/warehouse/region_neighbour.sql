select * from marts.region_neighbour
