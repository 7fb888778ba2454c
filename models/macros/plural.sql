-- Numbers with nouns in SQL text: nok_plural(n, 'субъект', 'субъекта', 'субъектов') — «1 субъект»,
-- «2 субъекта», «5 субъектов», «21 субъект», «1,5 субъекта» (a fractional number takes the second form);
-- nok_unit(n, unit) — a unit stored as it stands after a number in the text («организаций», «этапов»)
-- in the form that agrees with n. The same rules and units as reports/components/fmt.js (plural,
-- UNIT_FORMS); tests/unit/fmt-plural.test.ts checks that the two agree.

CREATE OR REPLACE MACRO nok_plural_form(n) AS
    CASE
        WHEN n IS NULL THEN 'many'
        WHEN n::DOUBLE <> trunc(n::DOUBLE) THEN 'few'
        WHEN abs(n::HUGEINT) % 10 = 1 AND abs(n::HUGEINT) % 100 <> 11 THEN 'one'
        WHEN abs(n::HUGEINT) % 10 BETWEEN 2 AND 4 AND abs(n::HUGEINT) % 100 NOT BETWEEN 12 AND 14 THEN 'few'
        ELSE 'many'
    END;

CREATE OR REPLACE MACRO nok_plural(n, one, few, many) AS
    CASE nok_plural_form(n) WHEN 'one' THEN one WHEN 'few' THEN few ELSE many END;

-- The three forms of a stored unit; an abbreviation («руб.», «чел.», «%») or an unknown unit: itself three times.
CREATE OR REPLACE MACRO nok_unit_forms(unit) AS
    CASE trim(unit)
        WHEN 'организаций' THEN ['организация', 'организации', 'организаций']
        WHEN 'субъектов' THEN ['субъект', 'субъекта', 'субъектов']
        WHEN 'регионов' THEN ['регион', 'региона', 'регионов']
        WHEN 'практик' THEN ['практика', 'практики', 'практик']
        WHEN 'этапов' THEN ['этап', 'этапа', 'этапов']
        WHEN 'дней' THEN ['день', 'дня', 'дней']
        WHEN 'отзывов' THEN ['отзыв', 'отзыва', 'отзывов']
        WHEN 'мероприятий' THEN ['мероприятие', 'мероприятия', 'мероприятий']
        WHEN 'поставщиков' THEN ['поставщик', 'поставщика', 'поставщиков']
        WHEN 'баллов' THEN ['балл', 'балла', 'баллов']
        WHEN 'анкет' THEN ['анкета', 'анкеты', 'анкет']
        WHEN 'человек' THEN ['человек', 'человека', 'человек']
        WHEN 'органов власти' THEN ['орган власти', 'органа власти', 'органов власти']
        WHEN 'муниципальных образований' THEN ['муниципальное образование', 'муниципальных образования', 'муниципальных образований']
        WHEN 'раз' THEN ['раз', 'раза', 'раз']
        WHEN 'раз в год' THEN ['раз в год', 'раза в год', 'раз в год']
        WHEN 'раз в месяц' THEN ['раз в месяц', 'раза в месяц', 'раз в месяц']
        WHEN 'раз в неделю' THEN ['раз в неделю', 'раза в неделю', 'раз в неделю']
        WHEN 'раз в квартал' THEN ['раз в квартал', 'раза в квартал', 'раз в квартал']
        ELSE CASE WHEN unit IS NULL THEN NULL ELSE [trim(unit), trim(unit), trim(unit)] END
    END;

CREATE OR REPLACE MACRO nok_unit(n, unit) AS
    nok_plural(n, nok_unit_forms(unit)[1], nok_unit_forms(unit)[2], nok_unit_forms(unit)[3]);
