-- Словарь тем практик (sources/practice_themes/themes.csv).
select
    theme,
    title as theme_title,
    description as theme_description,
    target_criteria,
    _row as vocabulary_order
from ref.practice_theme
