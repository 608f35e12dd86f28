-- xlkpi roi: Return on investment, per month, options: defaults; duckdb SQL
WITH "t4" AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN("t2"."order_date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN("t2"."order_date"))
    ) - 1 AS "lo",
    (
      (
        (
          EXTRACT(year FROM MAX("t2"."order_date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX("t2"."order_date"))
    ) - 1 AS "hi"
  FROM (
    SELECT
      *
    FROM "orders" AS "t0"
    WHERE
      "t0"."order_date" IS NOT NULL
  ) AS "t2"
), "t5" AS (
  SELECT
    (
      (
        (
          EXTRACT(year FROM MIN("t3"."date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MIN("t3"."date"))
    ) - 1 AS "lo",
    (
      (
        (
          EXTRACT(year FROM MAX("t3"."date")) - 1970
        ) * 12
      ) + EXTRACT(month FROM MAX("t3"."date"))
    ) - 1 AS "hi"
  FROM (
    SELECT
      *
    FROM "spend" AS "t1"
    WHERE
      "t1"."date" IS NOT NULL
  ) AS "t3"
)
SELECT
  "t25"."p" AS "period",
  '' AS "segment",
  CASE
    WHEN "t25"."covered"
    THEN (
      "t25"."gain" - "t25"."amount"
    ) / NULLIF("t25"."amount", 0)
    ELSE CAST(NULL AS DOUBLE)
  END AS "value"
FROM (
  SELECT
    "t15"."p",
    COALESCE(
      TRUE
      AND (
        (
          "t15"."p" >= "t12"."lo0"
        ) AND (
          "t15"."p" <= "t12"."hi0"
        )
      )
      AND (
        (
          "t15"."p" >= "t11"."lo1"
        ) AND (
          "t15"."p" <= "t11"."hi1"
        )
      ),
      FALSE
    ) AS "covered",
    COALESCE("t24"."cac", 0) AS "cac",
    COALESCE("t24"."marketing", 0) AS "marketing",
    COALESCE("t24"."sales", 0) AS "sales",
    COALESCE("t24"."amount", 0) AS "amount",
    COALESCE("t24"."clicks", 0) AS "clicks",
    COALESCE("t24"."clicks_n", 0) AS "clicks_n",
    COALESCE("t24"."impressions", 0) AS "impressions",
    COALESCE("t24"."impressions_n", 0) AS "impressions_n",
    COALESCE("t23"."gain", 0) AS "gain"
  FROM (
    SELECT
      UNNEST(RANGE("t13"."lo", "t13"."hi" + 1, 1)) AS "p"
    FROM (
      SELECT
        MIN("t8"."lo") AS "lo",
        MAX("t8"."hi") AS "hi"
      FROM (
        SELECT
          *
        FROM "t5" AS "t7"
        UNION ALL
        SELECT
          *
        FROM "t4" AS "t6"
      ) AS "t8"
    ) AS "t13"
  ) AS "t15"
  CROSS JOIN (
    SELECT
      "t7"."lo" AS "lo0",
      "t7"."hi" AS "hi0"
    FROM "t5" AS "t7"
  ) AS "t12"
  CROSS JOIN (
    SELECT
      "t6"."lo" AS "lo1",
      "t6"."hi" AS "hi1"
    FROM "t4" AS "t6"
  ) AS "t11"
  LEFT OUTER JOIN (
    SELECT
      "t20"."p" AS "p_fact",
      "t20"."cac",
      "t20"."marketing",
      "t20"."sales",
      "t20"."amount",
      "t20"."clicks",
      "t20"."clicks_n",
      "t20"."impressions",
      "t20"."impressions_n"
    FROM (
      SELECT
        "t18"."p",
        SUM("t18"."cac") AS "cac",
        SUM("t18"."marketing") AS "marketing",
        SUM("t18"."sales") AS "sales",
        SUM("t18"."amount") AS "amount",
        SUM("t18"."clicks") AS "clicks",
        SUM("t18"."clicks_n") AS "clicks_n",
        SUM("t18"."impressions") AS "impressions",
        SUM("t18"."impressions_n") AS "impressions_n"
      FROM (
        SELECT
          "t17"."p",
          "t17"."channel",
          SUM("t17"."cac") AS "cac",
          SUM("t17"."marketing") AS "marketing",
          SUM("t17"."sales") AS "sales",
          SUM("t17"."amount") AS "amount",
          SUM("t17"."clicks") AS "clicks",
          SUM("t17"."clicks_n") AS "clicks_n",
          SUM("t17"."impressions") AS "impressions",
          SUM("t17"."impressions_n") AS "impressions_n"
        FROM (
          SELECT
            "t1"."date",
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
            END AS "channel",
            CASE
              WHEN COALESCE(
                CASE
                  WHEN REGEXP_MATCHES(
                    REGEXP_REPLACE(
                      "t1"."category",
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
                                                          "t1"."category",
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
                      "t1"."category",
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
                      "t1"."category",
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
                                                          "t1"."category",
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
                      "t1"."category",
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
              THEN COALESCE("t1"."amount", 0)
              ELSE 0.0
            END AS "cac",
            CASE
              WHEN COALESCE(
                CASE
                  WHEN REGEXP_MATCHES(
                    REGEXP_REPLACE(
                      "t1"."category",
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
                                                          "t1"."category",
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
                      "t1"."category",
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
              THEN COALESCE("t1"."amount", 0)
              ELSE 0.0
            END AS "marketing",
            CASE
              WHEN COALESCE(
                CASE
                  WHEN REGEXP_MATCHES(
                    REGEXP_REPLACE(
                      "t1"."category",
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
                                                          "t1"."category",
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
                      "t1"."category",
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
              THEN COALESCE("t1"."amount", 0)
              ELSE 0.0
            END AS "sales",
            CASE
              WHEN COALESCE(
                CASE
                  WHEN REGEXP_MATCHES(
                    REGEXP_REPLACE(
                      "t1"."category",
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
                                                          "t1"."category",
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
                      "t1"."category",
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
                      "t1"."category",
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
                                                          "t1"."category",
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
                      "t1"."category",
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
              THEN COALESCE("t1"."amount", 0)
              ELSE 0.0
            END AS "amount",
            COALESCE("t1"."clicks", 0) AS "clicks",
            CAST(CASE WHEN COALESCE("t1"."clicks" IS NOT NULL, FALSE) THEN 1 ELSE 0 END AS DOUBLE) AS "clicks_n",
            COALESCE("t1"."impressions", 0) AS "impressions",
            CAST(CASE WHEN COALESCE("t1"."impressions" IS NOT NULL, FALSE) THEN 1 ELSE 0 END AS DOUBLE) AS "impressions_n",
            (
              (
                (
                  EXTRACT(year FROM "t1"."date") - 1970
                ) * 12
              ) + EXTRACT(month FROM "t1"."date")
            ) - 1 AS "p"
          FROM "spend" AS "t1"
          WHERE
            "t1"."date" IS NOT NULL
        ) AS "t17"
        GROUP BY
          1,
          2
      ) AS "t18"
      GROUP BY
        1
    ) AS "t20"
  ) AS "t24"
    ON "t15"."p" = "t24"."p_fact"
  LEFT OUTER JOIN (
    SELECT
      "t19"."p" AS "p_fact",
      "t19"."revenue" - "t19"."cost" AS "gain"
    FROM (
      SELECT
        "t16"."p",
        SUM(
          CASE
            WHEN (
              "t16"."s_" IS NULL
            ) OR (
              "t16"."s_" = 'paid'
            )
            THEN COALESCE("t16"."revenue", 0)
            ELSE 0.0
          END
        ) AS "revenue",
        SUM(
          CASE
            WHEN (
              "t16"."s_" IS NULL
            ) OR (
              "t16"."s_" = 'paid'
            )
            THEN COALESCE("t16"."cost", 0)
            ELSE 0.0
          END
        ) AS "cost",
        SUM(
          CASE
            WHEN COALESCE((
              "t16"."s_" IS NULL
            ) OR (
              "t16"."s_" = 'paid'
            ), FALSE)
            THEN 1
            ELSE 0
          END
        ) AS "orders",
        COUNT(*) AS "all",
        SUM(CASE WHEN COALESCE("t16"."s_" = 'refunded', FALSE) THEN 1 ELSE 0 END) AS "refunded",
        SUM(CASE WHEN COALESCE("t16"."s_" = 'returned', FALSE) THEN 1 ELSE 0 END) AS "returned",
        SUM(
          CASE
            WHEN COALESCE("t16"."s_" = 'refunded', FALSE)
            THEN COALESCE("t16"."revenue", 0)
            ELSE 0.0
          END
        ) AS "refunded_value",
        SUM(
          CASE
            WHEN COALESCE("t16"."s_" = 'returned', FALSE)
            THEN COALESCE("t16"."revenue", 0)
            ELSE 0.0
          END
        ) AS "returned_value",
        SUM(COALESCE("t16"."revenue", 0)) AS "all_value"
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
      ) AS "t16"
      GROUP BY
        1
    ) AS "t19"
  ) AS "t23"
    ON "t15"."p" = "t23"."p_fact"
) AS "t25"
ORDER BY
  "t25"."p" ASC;
