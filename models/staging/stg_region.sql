-- Субъекты РФ из справочника проекта: переименование не требуется, только отбор столбцов.
select
    region_code,
    name as region_name_full,
    short_name as region_name,
    tile_label,
    subject_type,
    federal_district,
    federal_district_short,
    iso_3166_2,
    okato,
    oktmo,
    is_enclave_okrug,
    parent_region_code,
    joined_year,
    capital
from ref.region
