-- xlkpi revenue: Revenue, per month, options: defaults; duckdb SQL
WITH "t2" AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN("t1"."order_date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN("t1"."order_date"))
    ) - 1 AS "lo",
    (
      (
        (
          EXTRACT(year FROM MAX("t1"."order_date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX("t1"."order_date"))
    ) - 1 AS "hi"
  FROM (
    SELECT
      *
    FROM "orders" AS "t0"
    WHERE
      "t0"."order_date" IS NOT NULL
  ) AS "t1"
)
SELECT
  "t13"."p" AS "period",
  '' AS "segment",
  CASE WHEN "t13"."covered" THEN "t13"."revenue" ELSE CAST(NULL AS DOUBLE) END AS "value"
FROM (
  SELECT
    "t8"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t8"."p" >= "t5"."lo0"
        ) AND (
          "t8"."p" <= "t5"."hi0"
        )
      ),
      FALSE
    ) AS "covered",
    COALESCE("t12"."revenue", 0) AS "revenue",
    COALESCE("t12"."cost", 0) AS "cost",
    COALESCE("t12"."orders", 0) AS "orders",
    COALESCE("t12"."all", 0) AS "all",
    COALESCE("t12"."refunded", 0) AS "refunded",
    COALESCE("t12"."returned", 0) AS "returned",
    COALESCE("t12"."refunded_value", 0) AS "refunded_value",
    COALESCE("t12"."returned_value", 0) AS "returned_value",
    COALESCE("t12"."all_value", 0) AS "all_value"
  FROM (
    SELECT
      UNNEST(RANGE("t6"."lo", "t6"."hi" + 1, 1)) AS "p"
    FROM (
      SELECT
        MIN("t3"."lo") AS "lo",
        MAX("t3"."hi") AS "hi"
      FROM "t2" AS "t3"
    ) AS "t6"
  ) AS "t8"
  CROSS JOIN (
    SELECT
      "t3"."lo" AS "lo0",
      "t3"."hi" AS "hi0"
    FROM "t2" AS "t3"
  ) AS "t5"
  LEFT OUTER JOIN (
    SELECT
      "t10"."p" AS "p_fact",
      "t10"."revenue",
      "t10"."cost",
      "t10"."orders",
      "t10"."all",
      "t10"."refunded",
      "t10"."returned",
      "t10"."refunded_value",
      "t10"."returned_value",
      "t10"."all_value"
    FROM (
      SELECT
        "t9"."p",
        SUM(
          CASE
            WHEN (
              "t9"."s_" IS NULL
            ) OR (
              "t9"."s_" = 'paid'
            )
            THEN COALESCE("t9"."revenue", 0)
            ELSE 0.0
          END
        ) AS "revenue",
        SUM(
          CASE
            WHEN (
              "t9"."s_" IS NULL
            ) OR (
              "t9"."s_" = 'paid'
            )
            THEN COALESCE("t9"."cost", 0)
            ELSE 0.0
          END
        ) AS "cost",
        SUM(
          CASE
            WHEN COALESCE((
              "t9"."s_" IS NULL
            ) OR (
              "t9"."s_" = 'paid'
            ), FALSE)
            THEN 1
            ELSE 0
          END
        ) AS "orders",
        COUNT(*) AS "all",
        SUM(CASE WHEN COALESCE("t9"."s_" = 'refunded', FALSE) THEN 1 ELSE 0 END) AS "refunded",
        SUM(CASE WHEN COALESCE("t9"."s_" = 'returned', FALSE) THEN 1 ELSE 0 END) AS "returned",
        SUM(
          CASE
            WHEN COALESCE("t9"."s_" = 'refunded', FALSE)
            THEN COALESCE("t9"."revenue", 0)
            ELSE 0.0
          END
        ) AS "refunded_value",
        SUM(
          CASE
            WHEN COALESCE("t9"."s_" = 'returned', FALSE)
            THEN COALESCE("t9"."revenue", 0)
            ELSE 0.0
          END
        ) AS "returned_value",
        SUM(COALESCE("t9"."revenue", 0)) AS "all_value"
      FROM (
        SELECT
          "t0"."order_id",
          "t0"."order_date",
          "t0"."customer_id",
          "t0"."revenue",
          "t0"."cost",
          "t0"."status",
          "t0"."channel",
          "t0"."device",
          (
            (
              (
                EXTRACT(year FROM "t0"."order_date") - 1970
              ) * 12
            ) + EXTRACT(month FROM "t0"."order_date")
          ) - 1 AS "p",
          CASE
            WHEN CASE
              WHEN REGEXP_MATCHES(
                REGEXP_REPLACE(
                  "t0"."status",
                  '^[	
                  　]+|[	
                  　]+$',
                  '',
                  'g'
                ),
                '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
              )
              THEN REPLACE(
                REPLACE(
                  REPLACE(
                    REPLACE(
                      REPLACE(
                        REPLACE(
                          REPLACE(
                            REPLACE(
                              REPLACE(
                                REPLACE(
                                  REPLACE(
                                    REPLACE(
                                      REPLACE(
                                        REPLACE(
                                          REPLACE(
                                            REPLACE(
                                              TRANSLATE(
                                                LOWER(
                                                  REPLACE(
                                                    REGEXP_REPLACE(
                                                      "t0"."status",
                                                      '^[	
                  　]+|[	
                  　]+$',
                                                      '',
                                                      'g'
                                                    ),
                                                    'İ',
                                                    'i̇'
                                                  )
                                                ),
                                                'µſͅςϐϑϕϖϰϱϵᲀᲁᲂᲃᲄᲅᲆᲇᲈẛι',
                                                'μsισβθφπκρεвдосттъѣꙋṡι'
                                              ),
                                              'ß',
                                              'ss'
                                            ),
                                            'ŉ',
                                            'ʼn'
                                          ),
                                          'և',
                                          'եւ'
                                        ),
                                        'ẚ',
                                        'aʾ'
                                      ),
                                      'ﬀ',
                                      'ff'
                                    ),
                                    'ﬁ',
                                    'fi'
                                  ),
                                  'ﬂ',
                                  'fl'
                                ),
                                'ﬃ',
                                'ffi'
                              ),
                              'ﬄ',
                              'ffl'
                            ),
                            'ﬅ',
                            'st'
                          ),
                          'ﬆ',
                          'st'
                        ),
                        'ﬓ',
                        'մն'
                      ),
                      'ﬔ',
                      'մե'
                    ),
                    'ﬕ',
                    'մի'
                  ),
                  'ﬖ',
                  'վն'
                ),
                'ﬗ',
                'մխ'
              )
              ELSE LOWER(
                REGEXP_REPLACE(
                  "t0"."status",
                  '^[	
                  　]+|[	
                  　]+$',
                  '',
                  'g'
                )
              )
            END = ''
            THEN CAST(NULL AS TEXT)
            ELSE CASE
              WHEN REGEXP_MATCHES(
                REGEXP_REPLACE(
                  "t0"."status",
                  '^[	
                  　]+|[	
                  　]+$',
                  '',
                  'g'
                ),
                '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]'
              )
              THEN REPLACE(
                REPLACE(
                  REPLACE(
                    REPLACE(
                      REPLACE(
                        REPLACE(
                          REPLACE(
                            REPLACE(
                              REPLACE(
                                REPLACE(
                                  REPLACE(
                                    REPLACE(
                                      REPLACE(
                                        REPLACE(
                                          REPLACE(
                                            REPLACE(
                                              TRANSLATE(
                                                LOWER(
                                                  REPLACE(
                                                    REGEXP_REPLACE(
                                                      "t0"."status",
                                                      '^[	
                  　]+|[	
                  　]+$',
                                                      '',
                                                      'g'
                                                    ),
                                                    'İ',
                                                    'i̇'
                                                  )
                                                ),
                                                'µſͅςϐϑϕϖϰϱϵᲀᲁᲂᲃᲄᲅᲆᲇᲈẛι',
                                                'μsισβθφπκρεвдосттъѣꙋṡι'
                                              ),
                                              'ß',
                                              'ss'
                                            ),
                                            'ŉ',
                                            'ʼn'
                                          ),
                                          'և',
                                          'եւ'
                                        ),
                                        'ẚ',
                                        'aʾ'
                                      ),
                                      'ﬀ',
                                      'ff'
                                    ),
                                    'ﬁ',
                                    'fi'
                                  ),
                                  'ﬂ',
                                  'fl'
                                ),
                                'ﬃ',
                                'ffi'
                              ),
                              'ﬄ',
                              'ffl'
                            ),
                            'ﬅ',
                            'st'
                          ),
                          'ﬆ',
                          'st'
                        ),
                        'ﬓ',
                        'մն'
                      ),
                      'ﬔ',
                      'մե'
                    ),
                    'ﬕ',
                    'մի'
                  ),
                  'ﬖ',
                  'վն'
                ),
                'ﬗ',
                'մխ'
              )
              ELSE LOWER(
                REGEXP_REPLACE(
                  "t0"."status",
                  '^[	
                  　]+|[	
                  　]+$',
                  '',
                  'g'
                )
              )
            END
          END AS "s_"
        FROM "orders" AS "t0"
        WHERE
          "t0"."order_date" IS NOT NULL
      ) AS "t9"
      GROUP BY
        1
    ) AS "t10"
  ) AS "t12"
    ON "t8"."p" = "t12"."p_fact"
) AS "t13"
ORDER BY
  "t13"."p" ASC;
