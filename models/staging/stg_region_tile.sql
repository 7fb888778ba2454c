-- Клетки плиточной карты (данные проекта).
select region_code, col as tile_col, row as tile_row
from ref.region_tile
