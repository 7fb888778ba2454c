-- Показатели НОК по организации и году (рассчитанные по анкетам и наблюдениям).
-- Представление: таблица intermediate.int_indicator_value уже в нужном порядке и со всеми столбцами,
-- копия 9 млн строк в масштабе страны стоила бы секунд и места на диске.
select
    inn,
    year,
    indicator,
    criterion,
    value,
    is_measurable,
    weight,
    indicator_title,
    sphere,
    methodology_version,
    zero_denominator_rule,
    is_synthetic
from intermediate.int_indicator_value
