-- xlkpi roas: Return on ad spend, per month, options: defaults; duckdb SQL
WITH "t6" AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN("t2"."date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN("t2"."date"))
    ) - 1 AS "lo",
    (
      (
        (
          EXTRACT(year FROM MAX("t2"."date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX("t2"."date"))
    ) - 1 AS "hi"
  FROM (
    SELECT
      *
    FROM "spend" AS "t0"
    WHERE
      "t0"."date" IS NOT NULL
  ) AS "t2"
), "t7" AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN("t3"."order_date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN("t3"."order_date"))
    ) - 1 AS "lo",
    (
      (
        (
          EXTRACT(year FROM MAX("t3"."order_date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX("t3"."order_date"))
    ) - 1 AS "hi"
  FROM (
    SELECT
      *
    FROM "orders" AS "t1"
    WHERE
      "t1"."order_date" IS NOT NULL
  ) AS "t3"
)
SELECT
  "t32"."p" AS "period",
  "t32"."channel" AS "segment",
  CASE
    WHEN "t32"."covered"
    THEN "t32"."revenue" / NULLIF("t32"."amount", 0)
    ELSE CAST(NULL AS DOUBLE)
  END AS "value"
FROM (
  SELECT
    "t31"."p",
    "t31"."covered",
    "t31"."channel",
    "t31"."own",
    "t31"."key",
    COALESCE("t26"."cac", 0) AS "cac",
    COALESCE("t26"."marketing", 0) AS "marketing",
    COALESCE("t26"."sales", 0) AS "sales",
    COALESCE("t26"."amount", 0) AS "amount",
    COALESCE("t26"."clicks", 0) AS "clicks",
    COALESCE("t26"."clicks_n", 0) AS "clicks_n",
    COALESCE("t26"."impressions", 0) AS "impressions",
    COALESCE("t26"."impressions_n", 0) AS "impressions_n",
    COALESCE("t29"."revenue", 0) AS "revenue"
  FROM (
    SELECT
      "t28"."p",
      "t28"."covered",
      "t28"."channel",
      "t28"."own",
      CASE
        WHEN REGEXP_MATCHES("t28"."channel", '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]')
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
                                          LOWER(REPLACE("t28"."channel", 'İ', 'i̇')),
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
        ELSE LOWER("t28"."channel")
      END AS "key"
    FROM (
      SELECT
        "t17"."p",
        COALESCE(
          TRUE
          AND (
            (
              "t17"."p" >= "t13"."lo0"
            ) AND (
              "t17"."p" <= "t13"."hi0"
            )
          )
          AND (
            (
              "t17"."p" >= "t14"."lo1"
            ) AND (
              "t17"."p" <= "t14"."hi1"
            )
          ),
          FALSE
        ) AS "covered",
        "t24"."channel",
        "t24"."own"
      FROM (
        SELECT
          UNNEST(RANGE("t15"."lo", "t15"."hi" + 1, 1)) AS "p"
        FROM (
          SELECT
            MIN("t10"."lo") AS "lo",
            MAX("t10"."hi") AS "hi"
          FROM (
            SELECT
              *
            FROM "t6" AS "t8"
            UNION ALL
            SELECT
              *
            FROM "t7" AS "t9"
          ) AS "t10"
        ) AS "t15"
      ) AS "t17"
      CROSS JOIN (
        SELECT
          "t8"."lo" AS "lo0",
          "t8"."hi" AS "hi0"
        FROM "t6" AS "t8"
      ) AS "t13"
      CROSS JOIN (
        SELECT
          "t9"."lo" AS "lo1",
          "t9"."hi" AS "hi1"
        FROM "t7" AS "t9"
      ) AS "t14"
      CROSS JOIN (
        SELECT
          "t5"."channel",
          "t5"."channel" = MAX("t5"."channel") OVER (
            PARTITION BY CASE
              WHEN REGEXP_MATCHES("t5"."channel", '[µßİŉſͅΣςϐϑϕϖϰϱϵևᲀᲁᲂᲃᲄᲅᲆᲇᲈẚẛẞιﬀﬁﬂﬃﬄﬅﬆﬓﬔﬕﬖﬗ]')
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
                                                LOWER(REPLACE("t5"."channel", 'İ', 'i̇')),
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
              ELSE LOWER("t5"."channel")
            END
            ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING
          ) AS "own"
        FROM (
          SELECT DISTINCT
            *
          FROM (
            SELECT
              CASE
                WHEN REGEXP_REPLACE(
                  "t0"."channel",
                  '^[	
                  　]+|[	
                  　]+$',
                  '',
                  'g'
                ) = ''
                THEN CAST(NULL AS TEXT)
                ELSE REGEXP_REPLACE(
                  "t0"."channel",
                  '^[	
                  　]+|[	
                  　]+$',
                  '',
                  'g'
                )
              END AS "channel"
            FROM "spend" AS "t0"
            WHERE
              "t0"."date" IS NOT NULL
          ) AS "t4"
          WHERE
            "t4"."channel" IS NOT NULL
        ) AS "t5"
      ) AS "t24"
    ) AS "t28"
  ) AS "t31"
  LEFT OUTER JOIN (
    SELECT
      "t21"."p" AS "p_f",
      "t21"."channel" AS "channel_f",
      "t21"."cac",
      "t21"."marketing",
      "t21"."sales",
      "t21"."amount",
      "t21"."clicks",
      "t21"."clicks_n",
      "t21"."impressions",
      "t21"."impressions_n"
    FROM (
      SELECT
        "t19"."p",
        "t19"."channel",
        SUM("t19"."cac") AS "cac",
        SUM("t19"."marketing") AS "marketing",
        SUM("t19"."sales") AS "sales",
        SUM("t19"."amount") AS "amount",
        SUM("t19"."clicks") AS "clicks",
        SUM("t19"."clicks_n") AS "clicks_n",
        SUM("t19"."impressions") AS "impressions",
        SUM("t19"."impressions_n") AS "impressions_n"
      FROM (
        SELECT
          "t0"."date",
          CASE
            WHEN REGEXP_REPLACE(
              "t0"."channel",
              '^[	
                  　]+|[	
                  　]+$',
              '',
              'g'
            ) = ''
            THEN CAST(NULL AS TEXT)
            ELSE REGEXP_REPLACE(
              "t0"."channel",
              '^[	
                  　]+|[	
                  　]+$',
              '',
              'g'
            )
          END AS "channel",
          CASE
            WHEN COALESCE(
              CASE
                WHEN REGEXP_MATCHES(
                  REGEXP_REPLACE(
                    "t0"."category",
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
                                                        "t0"."category",
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
                    "t0"."category",
                    '^[	
                  　]+|[	
                  　]+$',
                    '',
                    'g'
                  )
                )
              END = 'marketing',
              FALSE
            )
            OR COALESCE(
              CASE
                WHEN REGEXP_MATCHES(
                  REGEXP_REPLACE(
                    "t0"."category",
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
                                                        "t0"."category",
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
                    "t0"."category",
                    '^[	
                  　]+|[	
                  　]+$',
                    '',
                    'g'
                  )
                )
              END = 'sales',
              FALSE
            )
            THEN COALESCE("t0"."amount", 0)
            ELSE 0.0
          END AS "cac",
          CASE
            WHEN COALESCE(
              CASE
                WHEN REGEXP_MATCHES(
                  REGEXP_REPLACE(
                    "t0"."category",
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
                                                        "t0"."category",
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
                    "t0"."category",
                    '^[	
                  　]+|[	
                  　]+$',
                    '',
                    'g'
                  )
                )
              END = 'marketing',
              FALSE
            )
            THEN COALESCE("t0"."amount", 0)
            ELSE 0.0
          END AS "marketing",
          CASE
            WHEN COALESCE(
              CASE
                WHEN REGEXP_MATCHES(
                  REGEXP_REPLACE(
                    "t0"."category",
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
                                                        "t0"."category",
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
                    "t0"."category",
                    '^[	
                  　]+|[	
                  　]+$',
                    '',
                    'g'
                  )
                )
              END = 'sales',
              FALSE
            )
            THEN COALESCE("t0"."amount", 0)
            ELSE 0.0
          END AS "sales",
          CASE
            WHEN COALESCE(
              CASE
                WHEN REGEXP_MATCHES(
                  REGEXP_REPLACE(
                    "t0"."category",
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
                                                        "t0"."category",
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
                    "t0"."category",
                    '^[	
                  　]+|[	
                  　]+$',
                    '',
                    'g'
                  )
                )
              END = 'marketing',
              FALSE
            )
            OR COALESCE(
              CASE
                WHEN REGEXP_MATCHES(
                  REGEXP_REPLACE(
                    "t0"."category",
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
                                                        "t0"."category",
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
                    "t0"."category",
                    '^[	
                  　]+|[	
                  　]+$',
                    '',
                    'g'
                  )
                )
              END = 'sales',
              FALSE
            )
            THEN COALESCE("t0"."amount", 0)
            ELSE 0.0
          END AS "amount",
          COALESCE("t0"."clicks", 0) AS "clicks",
          CAST(CASE WHEN COALESCE("t0"."clicks" IS NOT NULL, FALSE) THEN 1 ELSE 0 END AS DOUBLE) AS "clicks_n",
          COALESCE("t0"."impressions", 0) AS "impressions",
          CAST(CASE WHEN COALESCE("t0"."impressions" IS NOT NULL, FALSE) THEN 1 ELSE 0 END AS DOUBLE) AS "impressions_n",
          (
            (
              (
                EXTRACT(year FROM "t0"."date") - 1970
              ) * 12
            ) + EXTRACT(month FROM "t0"."date")
          ) - 1 AS "p"
        FROM "spend" AS "t0"
        WHERE
          "t0"."date" IS NOT NULL
      ) AS "t19"
      GROUP BY
        1,
        2
    ) AS "t21"
    WHERE
      "t21"."channel" IS NOT NULL
  ) AS "t26"
    ON "t31"."p" = "t26"."p_f" AND "t31"."channel" = "t26"."channel_f"
  LEFT OUTER JOIN (
    SELECT
      "t23"."p" AS "p_o",
      "t23"."key" AS "key_o",
      "t23"."revenue"
    FROM (
      SELECT
        "t20"."p",
        "t20"."key",
        SUM(COALESCE("t20"."revenue", 0)) AS "revenue"
      FROM (
        SELECT
          *
        FROM (
          SELECT
            "t1"."order_id",
            "t1"."order_date",
            "t1"."customer_id",
            "t1"."revenue",
            "t1"."cost",
            "t1"."status",
            "t1"."channel",
            "t1"."device",
            (
              (
                (
                  EXTRACT(year FROM "t1"."order_date") - 1970
                ) * 12
              ) + EXTRACT(month FROM "t1"."order_date")
            ) - 1 AS "p",
            CASE
              WHEN REGEXP_MATCHES(
                CASE
                  WHEN REGEXP_REPLACE(
                    "t1"."channel",
                    '^[	
                  　]+|[	
                  　]+$',
                    '',
                    'g'
                  ) = ''
                  THEN CAST(NULL AS TEXT)
                  ELSE REGEXP_REPLACE(
                    "t1"."channel",
                    '^[	
                  　]+|[	
                  　]+$',
                    '',
                    'g'
                  )
                END,
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
                                                    CASE
                                                      WHEN REGEXP_REPLACE(
                                                        "t1"."channel",
                                                        '^[	
                  　]+|[	
                  　]+$',
                                                        '',
                                                        'g'
                                                      ) = ''
                                                      THEN CAST(NULL AS TEXT)
                                                      ELSE REGEXP_REPLACE(
                                                        "t1"."channel",
                                                        '^[	
                  　]+|[	
                  　]+$',
                                                        '',
                                                        'g'
                                                      )
                                                    END,
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
                CASE
                  WHEN REGEXP_REPLACE(
                    "t1"."channel",
                    '^[	
                  　]+|[	
                  　]+$',
                    '',
                    'g'
                  ) = ''
                  THEN CAST(NULL AS TEXT)
                  ELSE REGEXP_REPLACE(
                    "t1"."channel",
                    '^[	
                  　]+|[	
                  　]+$',
                    '',
                    'g'
                  )
                END
              )
            END AS "key"
          FROM "orders" AS "t1"
          WHERE
            "t1"."order_date" IS NOT NULL
            AND (
              (
                CASE
                  WHEN REGEXP_MATCHES(
                    REGEXP_REPLACE(
                      "t1"."status",
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
                                                          "t1"."status",
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
                      "t1"."status",
                      '^[	
                  　]+|[	
                  　]+$',
                      '',
                      'g'
                    )
                  )
                END IS NULL
              )
              OR CASE
                WHEN REGEXP_MATCHES(
                  REGEXP_REPLACE(
                    "t1"."status",
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
                                                        "t1"."status",
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
                    "t1"."status",
                    '^[	
                  　]+|[	
                  　]+$',
                    '',
                    'g'
                  )
                )
              END IN ('', 'paid')
            )
        ) AS "t18"
        WHERE
          "t18"."key" IS NOT NULL
      ) AS "t20"
      GROUP BY
        1,
        2
    ) AS "t23"
  ) AS "t29"
    ON "t31"."p" = "t29"."p_o" AND "t31"."key" = "t29"."key_o" AND "t31"."own"
) AS "t32"
ORDER BY
  "t32"."p" ASC,
  "t32"."channel" ASC;
